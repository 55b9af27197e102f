using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Model.Tests;

public sealed class CatalogueLoaderTests
{
    internal static readonly byte[] Embedded = SrmCatalogue.ReadEmbeddedJson();

    [Fact]
    public void Embedded_json_loads_to_the_same_catalogue_as_default()
    {
        var loaded = SrmCatalogue.Load(Embedded);
        Assert.Equal(SrmCatalogue.Default.Version, loaded.Version);
        Assert.Equal(SrmCatalogue.Default.Items.Select(i => i.Id), loaded.Items.Select(i => i.Id));
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_position()
    {
        var ex = Assert.Throws<CatalogueValidationException>(() => SrmCatalogue.Load("{\"version\": \"x\",\n  \"standard\": }"u8));
        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("malformed JSON", error, StringComparison.Ordinal);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_id_is_refused()
    {
        var ex = LoadMutated(doc => doc["characteristics"]![1]!["id"] = "characteristic.6.1.a");
        Assert.Contains(ex.Errors, e => e.Contains("'characteristic.6.1.a' is not unique", StringComparison.Ordinal));
    }

    [Fact]
    public void Dangling_link_is_refused_and_named()
    {
        var ex = LoadMutated(doc => doc["controls"]![0]!["counters"]![0]!["id"] = "threat.6.2.z");
        Assert.Contains(ex.Errors, e => e.Contains("control.8.2.1.p1.counters: 'threat.6.2.z' is not a threat", StringComparison.Ordinal));
    }

    [Fact]
    public void Corrected_stage_reference_without_reason_is_refused()
    {
        var ex = LoadMutated(doc => doc["stages"]![0]!["threats"]![1]!.AsObject().Remove("reason"));
        Assert.Contains(ex.Errors, e => e.Contains("stage.7.3.2.threats[2]: published '6.2 g)' differs from the resolved 'threat.6.2.f' but no reason is given", StringComparison.Ordinal));
    }

    [Fact]
    public void Corrected_characteristic_reference_without_reason_is_refused()
    {
        var ex = LoadMutated(doc => Threat(doc, "threat.6.2.k.2")["characteristicRef"]!.AsObject().Remove("reason"));
        Assert.Contains(ex.Errors, e => e.Contains("threat.6.2.k.2.characteristicRef: published '6.1 c)' differs", StringComparison.Ordinal));
    }

    [Fact]
    public void Mapping_not_marked_as_our_analysis_is_refused()
    {
        var ex = LoadMutated(doc => doc["controls"]![3]!["mappingBasis"] = "iso-24392");
        Assert.Contains(ex.Errors, e => e.Contains("mappingBasis: must be 'palisade-analysis'", StringComparison.Ordinal));
    }

    [Fact]
    public void Enforced_coverage_without_code_path_and_planned_without_issue_are_refused()
    {
        var ex = LoadMutated(doc =>
        {
            Control(doc, "control.8.2.5.c")["coverage"]!.AsObject().Remove("codePaths");
            Control(doc, "control.8.2.4.a")["coverage"]!.AsObject().Remove("issue");
        });
        Assert.Contains(ex.Errors, e => e.Contains("control.8.2.5.c.coverage: 'enforced' needs the code path", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("control.8.2.4.a.coverage: 'planned' needs the issue number", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_member_is_refused_so_typos_do_not_pass_silently()
    {
        var ex = LoadMutated(doc => doc["objectives"]![0]!["conters"] = new JsonArray());
        Assert.StartsWith("malformed JSON", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_threats_must_be_numbered_T1_to_Tn_in_order()
    {
        var ex = LoadMutated(doc => doc["scenarios"]![0]!["threats"]![1]!["tn"] = "T3");
        Assert.Contains(ex.Errors, e => e.Contains("tn 'T3' should be 'T2'", StringComparison.Ordinal));
    }

    [Fact]
    public void Controls_cannot_be_placed_in_the_absent_8_2_9()
    {
        var ex = LoadMutated(doc => Control(doc, "control.8.2.8.b")["group"] = "controlgroup.8.2.9");
        Assert.Contains(ex.Errors, e => e.Contains("has no text in our copy", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var ex = LoadMutated(doc =>
        {
            doc["domains"]![0]!.AsObject().Remove("title");
            doc["roles"]![0]!["relations"]![0]!["role"] = "role.nobody";
            doc.Remove("notes");
        });
        Assert.Contains(ex.Errors, e => e.Contains("domain.7.2.2.title is missing", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'role.nobody' is not a role", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("section 'notes' is missing", StringComparison.Ordinal));
        Assert.Contains("3 problem(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_document_and_empty_input_are_reported()
    {
        Assert.Contains("empty", Assert.Single(Assert.Throws<CatalogueValidationException>(() => SrmCatalogue.Load("null"u8)).Errors), StringComparison.Ordinal);
        Assert.Throws<CatalogueValidationException>(() => SrmCatalogue.Load(ReadOnlySpan<byte>.Empty));
    }

    internal static CatalogueValidationException LoadMutated(Action<JsonObject> mutate)
    {
        var doc = JsonNode.Parse(Embedded)!.AsObject();
        mutate(doc);
        var bytes = Encoding.UTF8.GetBytes(doc.ToJsonString());
        return Assert.Throws<CatalogueValidationException>(() => SrmCatalogue.Load(bytes));
    }

    private static JsonNode Threat(JsonObject doc, string id) => doc["threats"]!.AsArray().Single(t => (string?)t!["id"] == id)!;

    private static JsonNode Control(JsonObject doc, string id) => doc["controls"]!.AsArray().Single(t => (string?)t!["id"] == id)!;
}

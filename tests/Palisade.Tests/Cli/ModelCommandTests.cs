using System.CommandLine;
using System.Text.Json;
using Palisade.Cli;
using Palisade.Model;
using Palisade.Model.Rendering;

namespace Palisade.Tests.Cli;

public sealed class ModelCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("palisade-model-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Show_threat_prints_every_link_both_ways()
    {
        var (code, output, _) = await Run("show", "threat.6.2.k.2");
        Assert.Equal(0, code);
        Assert.Contains("threat.6.2.k.2  [threat, 6.2 k) 2)]", output, StringComparison.Ordinal);
        Assert.Contains("threat.6.2.k — Impersonation of IoT devices", output, StringComparison.Ordinal); // parent
        Assert.Contains("characteristic.6.1.q", output, StringComparison.Ordinal); // resolved characteristic
        Assert.Contains("printed as 6.1 c), corrected:", output, StringComparison.Ordinal);
        Assert.Contains("domain.7.2.2", output, StringComparison.Ordinal);
        Assert.Contains("stage.7.3.4 — Retirement stage — listed as 6.2 l) → threat.6.2.k", output, StringComparison.Ordinal);
        Assert.Contains("scenario.7.4.2.T1", output, StringComparison.Ordinal);
        Assert.Contains("scenario.7.4.5.T5", output, StringComparison.Ordinal);
        Assert.Contains("control.8.2.4.e — Allowlisting of devices at security gateways [planned (issue 3)]", output, StringComparison.Ordinal);
        Assert.Contains("objective.8.1.c", output, StringComparison.Ordinal);
        Assert.Contains("(Palisade analysis)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_control_prints_its_threats_objectives_and_coverage()
    {
        var (code, output, _) = await Run("show", "control.8.2.7.a");
        Assert.Equal(0, code);
        Assert.Contains("  - enforced: ", output, StringComparison.Ordinal);
        Assert.Contains("src/Palisade/Edge/Admission/AdmissionPipeline.cs", output, StringComparison.Ordinal);
        Assert.Contains("src/Palisade.Mqtt/Codec/MqttPacketReader.cs", output, StringComparison.Ordinal);
        Assert.Contains("Counters threats (Palisade analysis):", output, StringComparison.Ordinal);
        Assert.Contains("threat.6.2.f.1", output, StringComparison.Ordinal);
        Assert.Contains("Serves objectives (Palisade analysis):", output, StringComparison.Ordinal);
        Assert.Contains("objective.8.1.i", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_scenario_prints_printed_and_resolved_references()
    {
        var (code, output, _) = await Run("show", "scenario.7.4.3");
        Assert.Equal(0, code);
        Assert.Contains("T3: Published vulnerabilities hard to fix across suppliers — printed 6.2 e) → threat.6.2.d.3", output, StringComparison.Ordinal);
        Assert.Contains("[corrected:", output, StringComparison.Ordinal);
        Assert.Contains("role.customer", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_role_prints_relations_both_ways_and_where_it_is_named()
    {
        var (code, output, _) = await Run("show", "role.asset-supplier");
        Assert.Equal(0, code);
        Assert.Contains("advised by role.asset-usage-advisor", output, StringComparison.Ordinal);
        Assert.Contains("stage.7.3.4 — Retirement stage", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_characteristic_prints_the_threats_it_raises_after_correction()
    {
        var (code, output, _) = await Run("show", "characteristic.6.1.k");
        Assert.Equal(0, code);
        Assert.Contains("threat.6.2.d.3", output, StringComparison.Ordinal);
        Assert.Contains("(printed 6.1 u), corrected)", output, StringComparison.Ordinal);
        Assert.Contains("threat.6.2.g.2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_absent_group_says_its_text_is_missing()
    {
        var (code, output, _) = await Run("show", "controlgroup.8.2.9");
        Assert.Equal(0, code);
        Assert.Contains("Text absent from our copy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_unknown_id_exits_2_and_suggests_close_ids()
    {
        var (code, output, error) = await Run("show", "threat.6.2.k.3");
        Assert.Equal(ModelCommand.UnknownId, code);
        Assert.Empty(output);
        Assert.Contains("No catalogue item has id 'threat.6.2.k.3'", error, StringComparison.Ordinal);
        Assert.Contains("Did you mean:", error, StringComparison.Ordinal);
        Assert.Contains("threat.6.2.k.2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_kind()
    {
        var (code, output, _) = await Run("list", "--kind", "objective");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);
        Assert.StartsWith("objective.8.1.a\t8.1 a)\t", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_without_kind_lists_every_item_and_unknown_kind_is_a_usage_error()
    {
        var (code, output, _) = await Run("list");
        Assert.Equal(0, code);
        Assert.Equal(SrmCatalogue.Default.Items.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var (bad, _, error) = await Run("list", "--kind", "widget");
        Assert.NotEqual(0, bad);
        Assert.Contains("widget", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_the_resolved_catalogue_as_json_to_a_file()
    {
        var file = Path.Combine(_temp.FullName, "out", "srm.json");
        var (code, _, _) = await Run("export", "--format", "json", "--output", file);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
        var root = doc.RootElement;
        Assert.Equal(SrmCatalogue.Default.Version, root.GetProperty("version").GetString());
        Assert.Equal(24, root.GetProperty("characteristics").GetArrayLength());
        Assert.Equal(33, root.GetProperty("threats").GetArrayLength());
        var k2 = root.GetProperty("threats").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "threat.6.2.k.2");
        var reference = k2.GetProperty("characteristicReference");
        Assert.Equal("corrected", reference.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal("characteristic.6.1.c", reference.GetProperty("publishedId").GetString());
        Assert.Equal("characteristic.6.1.q", reference.GetProperty("resolvedIds")[0].GetString());
        var control = root.GetProperty("controls")[0];
        Assert.Equal("palisade-analysis", control.GetProperty("counters")[0].GetProperty("basis").GetString());
    }

    [Fact]
    public async Task Export_to_standard_output_is_valid_json()
    {
        var (code, output, _) = await Run("export");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(44, doc.RootElement.GetProperty("controls").GetArrayLength());
    }

    [Fact]
    public async Task Coverage_document_lists_every_objective_and_control()
    {
        var file = Path.Combine(_temp.FullName, "srm-coverage.md");
        var (code, _, _) = await Run("coverage", "--output", file);
        Assert.Equal(0, code);
        var text = await File.ReadAllTextAsync(file);
        Assert.All(SrmCatalogue.Default.Objectives, o => Assert.Contains($"`{o.Id}`", text, StringComparison.Ordinal));
        Assert.All(SrmCatalogue.Default.Controls, c => Assert.Contains($"| `{c.Id}`", text, StringComparison.Ordinal));
        Assert.Contains("### 8.2.9 Security management", text, StringComparison.Ordinal);
        Assert.Contains("planned (issue 3)", text, StringComparison.Ordinal);
        Assert.Contains("organisational", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Committed_coverage_document_is_up_to_date()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Palisade.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var path = Path.Combine(root.FullName, "docs", "srm-coverage.md");
        if (Environment.GetEnvironmentVariable("PALISADE_REGENERATE_DOCS") == "1")
        {
            // Same output as `palisade model coverage --output docs/srm-coverage.md`, for when the host is not wired yet.
            File.WriteAllText(path, CoverageDocument.Render(SrmCatalogue.Default));
        }

        var committed = File.ReadAllText(path);
        Assert.True(
            string.Equals(CoverageDocument.Render(SrmCatalogue.Default), committed, StringComparison.Ordinal),
            "docs/srm-coverage.md is stale: run `palisade model coverage --output docs/srm-coverage.md` (or this test with PALISADE_REGENERATE_DOCS=1).");
    }

    [Fact]
    public async Task Unwritable_output_is_reported_not_thrown()
    {
        var blocker = Path.Combine(_temp.FullName, "file");
        await File.WriteAllTextAsync(blocker, "x");
        var (code, _, error) = await Run("coverage", "--output", Path.Combine(blocker, "srm-coverage.md"));
        Assert.Equal(ModelCommand.Failure, code);
        Assert.Contains("Cannot write", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var code = await ModelCommand.Create().Parse(args).InvokeAsync(configuration);
        return (code, output.ToString(), error.ToString());
    }
}

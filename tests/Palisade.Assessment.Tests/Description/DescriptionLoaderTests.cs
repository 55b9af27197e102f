using Palisade.Assessment.Description;

namespace Palisade.Assessment.Tests.Description;

public sealed class DescriptionLoaderTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Descriptions", "plant.yaml");

    // Lines are numbered in the comments so the expected positions can be read off.
    private const string Minimal = """
        palisade-description: 1
        name: t
        participants:
          - id: p
        zones:
          - id: z
            kind: field
        assets:
          - id: a
            kind: sensor
            owner: p
            zone: z

        """;

    private static DescriptionException Fails(string yaml, string file = "plant.yaml") =>
        Assert.Throws<DescriptionException>(() => DescriptionLoader.Parse(yaml, file));

    [Fact]
    public void Loads_the_example_plant_with_every_part()
    {
        var d = DescriptionLoader.Load(FixturePath);
        Assert.Equal("Hamburg press shop on the Palisade platform", d.Name);
        Assert.Equal("plant.yaml", d.SourceName);
        Assert.Equal(new DateOnly(2026, 11, 25), d.AssessedOn);
        Assert.Equal((3, 1, 5, 2, 8, 6, 1, 3, 2), (d.Participants.Count, d.Sites.Count, d.Zones.Count, d.Boundaries.Count, d.Assets.Count, d.Flows.Count, d.Scenarios.Count, d.Controls.Count, d.RiskTracking.Count));

        var sensor = d.Assets.Single(a => a.Id == "vib-7");
        Assert.True(sensor.Capabilities.Wireless && sensor.Capabilities.ResourceConstrained && sensor.Capabilities.DefaultCredentialsChanged);
        Assert.False(sensor.Capabilities.Tls);
        Assert.Equal(["Contoso VibeSense 200"], sensor.Aliases);
        Assert.Equal(SecurityDomain.Edge, sensor.Domain);
        Assert.Equal(LifeCycleStage.UtilizationSupport, sensor.Stage);

        var hmi = d.Assets.Single(a => a.Id == "hmi-1");
        Assert.Equal(new OperatingSystemInfo("Windows 10 Enterprise", "1809", new DateOnly(2020, 11, 10)), hmi.OperatingSystem);
        Assert.Equal(SecurityDomain.Platform, d.Assets.Single(a => a.Id == "ingest").Domain);
        Assert.Equal(SecurityDomain.Application, d.Assets.Single(a => a.Id == "optimiser").Domain);

        var uplink = d.Flows.Single(f => f.Id == "uplink");
        Assert.Equal(new DataFlow("uplink", "edge-gw", "ingest", "mqtt", true, true, true, DataClass.Sensitive, false, FlowVolume.High), uplink);
        Assert.Equal(DataClass.IntellectualProperty, d.Flows.Single(f => f.Id == "recipe-export").Class);

        Assert.Equal("role.data-scientist", d.Scenarios[0].Roles[1].Role);
        Assert.True(d.Controls[0].AllTargets);
        Assert.Equal(["zone:cell-3", "flow:uplink"], d.Controls[1].Targets);
        Assert.Equal(new TrackingEntry("threat.6.2.i@flow:*", TrackingStatus.NotApplicable, "All partner access goes through the platform's brokered APIs; no addresses are exchanged.", "CISO", null), d.RiskTracking[1]);
        Assert.Equal(["scada", "office"], d.Boundaries[0].Zones);
        Assert.True(d.Zones.Single(z => z.Id == "scada").TrafficPrioritisation);
        Assert.Equal(3, d.Zones.Single(z => z.Id == "cell-3").SecurityLevel);
    }

    [Fact]
    public void Wrong_boolean_names_file_line_column_and_field()
    {
        var ex = Fails(Minimal + "    capabilities:\n      tls: yes please\n");
        Assert.Equal("plant.yaml:14:12: assets[0].capabilities.tls: expected true or false, got 'yes please'", ex.Message);
        Assert.Equal(new DescriptionError("plant.yaml", 14, 12, "assets[0].capabilities.tls", "expected true or false, got 'yes please'"), Assert.Single(ex.Errors));
    }

    [Fact]
    public void Quoted_true_is_not_a_boolean() =>
        Assert.Equal("plant.yaml:14:12: assets[0].capabilities.tls: expected true or false, got 'true'", Fails(Minimal + "    capabilities:\n      tls: \"true\"\n").Message);

    [Fact]
    public void Unknown_field_is_an_error_with_a_suggestion() =>
        Assert.Equal("plant.yaml:13:5: assets[0].capabilitiez: unknown field 'capabilitiez'; did you mean 'capabilities'?", Fails(Minimal + "    capabilitiez:\n      tls: true\n").Message);

    [Fact]
    public void Unknown_field_far_from_any_known_one_lists_the_known_fields() =>
        Assert.StartsWith("plant.yaml:3:1: colour: unknown field 'colour' (known: palisade-description, name,", Fails(Minimal.Replace("participants:", "colour: red\nparticipants:", StringComparison.Ordinal)).Message, StringComparison.Ordinal);

    [Fact]
    public void Missing_required_field_points_at_the_item() =>
        Assert.Equal("plant.yaml:9:5: assets[0]: missing required field 'owner'", Fails(Minimal.Replace("    owner: p\n", string.Empty, StringComparison.Ordinal)).Message);

    [Fact]
    public void Unknown_enum_value_lists_the_allowed_ones() =>
        Assert.Equal(
            "plant.yaml:10:11: assets[0].kind: expected one of sensor, actuator, plc, gateway, edge-platform, host, server, application, network-device, cloud-service, robot, got 'toaster'",
            Fails(Minimal.Replace("kind: sensor", "kind: toaster", StringComparison.Ordinal)).Message);

    [Fact]
    public void Bad_date_is_reported() =>
        Assert.Equal("plant.yaml:3:14: assessed-on: expected a date like 2026-11-25, got '25.11.2026'", Fails(Minimal.Replace("name: t", "name: t\nassessed-on: 25.11.2026", StringComparison.Ordinal)).Message);

    [Fact]
    public void Number_out_of_range_is_reported() =>
        Assert.Equal("plant.yaml:8:21: zones[0].security-level: expected a whole number from 1 to 4, got '7'", Fails(Minimal.Replace("    kind: field", "    kind: field\n    security-level: 7", StringComparison.Ordinal)).Message);

    [Fact]
    public void Scalar_where_a_list_belongs_is_reported() =>
        Assert.Equal("plant.yaml:13:8: flows: expected a list, got 'none'", Fails(Minimal + "flows: none\n").Message);

    [Fact]
    public void Duplicate_id_is_reported_at_the_second_use() =>
        Assert.Equal(
            "plant.yaml:13:9: assets[1].id: duplicate asset id 'a' (first used at assets[0])",
            Fails(Minimal + "  - id: a\n    kind: plc\n    owner: p\n    zone: z\n").Message);

    [Fact]
    public void Unknown_reference_is_reported_at_the_reference() =>
        Assert.Equal("plant.yaml:12:11: assets[0].zone: unknown zone 'z9'", Fails(Minimal.Replace("zone: z\n", "zone: z9\n", StringComparison.Ordinal)).Message);

    [Fact]
    public void Flow_to_an_unknown_asset_is_reported() =>
        Assert.Equal(
            "plant.yaml:16:9: flows[0].to: unknown asset 'ghost'",
            Fails(Minimal + "flows:\n  - id: f\n    from: a\n    to: ghost\n    class: control\n").Message);

    [Fact]
    public void Unknown_control_id_is_checked_against_the_catalogue() =>
        Assert.Equal(
            "plant.yaml:14:14: controls[0].control: unknown control 'control.8.2.9.a' (use a catalogue id such as control.8.2.4.e)",
            Fails(Minimal + "controls:\n  - control: control.8.2.9.a\n    scope: all\n    evidence: x\n").Message);

    [Fact]
    public void Unknown_scenario_and_role_are_checked_against_the_catalogue()
    {
        var ex = Fails(Minimal + "scenarios:\n  - id: scenario.7.4.9\n    roles:\n      - participant: p\n        role: role.wizard\n");
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal("plant.yaml:14:9: scenarios[0].id: unknown business scenario 'scenario.7.4.9' (the scenarios of 7.4 are scenario.7.4.2 to scenario.7.4.5)", ex.Errors[0].ToString());
        Assert.Equal("plant.yaml:17:15: scenarios[0].roles[0].role: unknown role 'role.wizard'", ex.Errors[1].ToString());
    }

    [Fact]
    public void Control_target_must_exist() =>
        Assert.Equal(
            "plant.yaml:16:9: controls[0].targets[0]: unknown asset 'b'",
            Fails(Minimal + "controls:\n  - control: control.8.2.4.a\n    targets:\n      - asset:b\n    evidence: x\n").Message);

    [Fact]
    public void Control_needs_evidence() =>
        Assert.Equal(
            "plant.yaml:14:5: controls[0]: missing required field 'evidence'",
            Fails(Minimal + "controls:\n  - control: control.8.2.4.a\n    scope: all\n").Message);

    [Fact]
    public void Tracking_decision_needs_a_justification() =>
        Assert.Equal(
            "plant.yaml:14:5: risk-tracking[0]: status 'accepted' needs a justification",
            Fails(Minimal + "risk-tracking:\n  - match: threat.6.2.a@asset:a\n    status: accepted\n").Message);

    [Fact]
    public void Tracking_of_an_unknown_threat_is_reported() =>
        Assert.Equal(
            "plant.yaml:14:12: risk-tracking[0].match: unknown threat 'threat.6.2.z'",
            Fails(Minimal + "risk-tracking:\n  - match: threat.6.2.z@asset:a\n    status: open\n").Message);

    [Fact]
    public void Invalid_yaml_names_line_and_the_field_being_read()
    {
        var ex = Fails(Minimal + "    capabilities:\n      tls: [true\n");
        var error = Assert.Single(ex.Errors);
        Assert.Equal("plant.yaml", error.File);
        Assert.True(error.Line >= 14, error.ToString());
        Assert.StartsWith("assets[0].capabilities.tls", error.Path, StringComparison.Ordinal);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_is_reported() =>
        Assert.Equal("plant.yaml:3:1: name: the key 'name' appears twice", Fails(Minimal.Replace("name: t", "name: t\nname: u", StringComparison.Ordinal)).Message);

    [Fact]
    public void Aliases_are_refused() =>
        Assert.Equal("plant.yaml:13:14: assets[0].aliases: YAML aliases (*name) are not supported in a description", Fails(Minimal.Replace("name: t", "name: &n t", StringComparison.Ordinal) + "    aliases: *n\n").Message);

    [Fact]
    public void Empty_file_is_reported() => Assert.Equal("plant.yaml:1:1: (root): the description is empty", Fails("# nothing\n").Message);

    [Fact]
    public void Second_document_is_reported() => Assert.Contains("found a second one", Fails(Minimal + "---\nname: x\n").Message, StringComparison.Ordinal);

    [Fact]
    public void Wrong_format_version_is_reported() =>
        Assert.Equal("plant.yaml:1:23: palisade-description: this Palisade reads format version 1, the file says 2", Fails(Minimal.Replace("palisade-description: 1", "palisade-description: 2", StringComparison.Ordinal)).Message);

    [Fact]
    public void Every_error_is_reported_in_one_go()
    {
        var ex = Fails(Minimal.Replace("kind: sensor", "kind: toaster", StringComparison.Ordinal) + "    capabilities:\n      tls: maybe\n      wifi: true\n");
        Assert.Equal(3, ex.Errors.Count);
        Assert.Equal(ex.Errors.Count, ex.Message.Split('\n').Length);
    }

    [Fact]
    public void Missing_file_is_reported_without_a_stack_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"palisade-missing-{Guid.NewGuid():N}.yaml");
        var ex = Assert.Throws<DescriptionException>(() => DescriptionLoader.Load(path));
        Assert.StartsWith(Path.GetFileName(path) + ": (file): cannot read the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_from_a_real_file_in_a_temp_directory()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-desc-");
        try
        {
            var path = Path.Combine(dir.FullName, "line.yaml");
            File.WriteAllText(path, Minimal);
            var d = DescriptionLoader.Load(path);
            Assert.Equal("line.yaml", d.SourceName);
            Assert.Single(d.Assets);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

using System.CommandLine;
using System.Text.Json;
using Palisade.Cli;
using Xunit;

namespace Palisade.Tests.Cli;

public sealed class AssessCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-assess-").FullName;

    public static TheoryData<string> Samples => new()
    {
        "production-optimisation.yaml",
        "product-customisation.yaml",
        "multilevel-security-production.yaml",
        "transnational-cooperation.yaml",
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string SamplePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "samples", name);
    }

    private static async Task<(int Exit, string Out, string Err)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AssessCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_sample_is_assessed_into_all_four_report_files(string sample)
    {
        var (exit, stdout, stderr) = await Invoke(SamplePath(sample), "--output-dir", _dir);

        Assert.True(exit == 0, stderr);
        var stem = Path.GetFileNameWithoutExtension(sample);
        foreach (var ext in new[] { "md", "html", "json", "sarif" })
        {
            var path = Path.Combine(_dir, $"{stem}.assessment.{ext}");
            Assert.True(File.Exists(path), $"{path} missing; output:\n{stdout}");
            Assert.True(new FileInfo(path).Length > 500);
        }
    }

    private const string TinyDescription = """
        palisade-description: 1
        name: Tiny test plant
        assessed-on: 2026-11-01
        participants:
          - id: acme
            jurisdiction: DE
        sites:
          - id: plant
            participant: acme
            jurisdiction: DE
        zones:
          - id: cell
            kind: production
            site: plant
        assets:
          - id: plc-1
            name: Line PLC
            kind: plc
            owner: acme
            zone: cell
            vendor: Siemens
            product: S7-1200
            version: "4.6"
            capabilities:
              default-credentials-changed: true
        """;

    private string WriteDescription(string text, string name = "plant.yaml")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Fail_on_returns_1_when_an_open_finding_is_at_or_above_the_threshold()
    {
        var sample = SamplePath("multilevel-security-production.yaml");

        var (exit, _, stderr) = await Invoke(sample, "-o", _dir, "--fail-on", "critical");

        Assert.Equal(1, exit);
        Assert.Matches(@"^\d+ open findings at or above critical \(--fail-on\)", stderr);
    }

    [Fact]
    public async Task Fail_on_returns_0_when_no_open_finding_reaches_the_threshold()
    {
        var description = WriteDescription(TinyDescription + """

            risk-tracking:
              - match: threat.6.2.*@asset:*
                status: accepted
                justification: Test plant, risks accepted by the owner
                owner: test
                date: 2026-11-01
            """);

        var (exit, stdout, stderr) = await Invoke(description, "-o", _dir, "--fail-on", "low");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains(" 0 open (", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_description_exits_2_naming_file_line_and_field_without_a_stack_trace()
    {
        var description = WriteDescription(TinyDescription.Replace("kind: plc", "kind: toaster", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await Invoke(description, "-o", _dir);

        Assert.Equal(2, exit);
        var line = TinyDescription.Split('\n').ToList().FindIndex(l => l.Contains("kind: plc", StringComparison.Ordinal)) + 1;
        Assert.Contains($"{description}:{line}:", stderr, StringComparison.Ordinal);
        Assert.Contains("assets[0].kind", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*.assessment.*"));
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task Broken_yaml_exits_2_with_its_position()
    {
        var description = WriteDescription("palisade-description: 1\nname: [unclosed\nassets: []\n");

        var (exit, _, stderr) = await Invoke(description, "-o", _dir);

        Assert.Equal(2, exit);
        Assert.StartsWith(description + ":", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "pdf", "--format: unknown format 'pdf'")]
    [InlineData("--fail-on", "severe", "--fail-on: unknown severity 'severe'")]
    [InlineData("--as-of", "01.11.2026", "--as-of: expected a date as yyyy-MM-dd")]
    public async Task Bad_option_values_exit_2_with_a_message(string option, string value, string message)
    {
        var (exit, _, stderr) = await Invoke(WriteDescription(TinyDescription), "-o", _dir, option, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_exits_2()
    {
        var (exit, _, stderr) = await Invoke(Path.Combine(_dir, "nope.yaml"));

        Assert.Equal(2, exit);
        Assert.Contains("nope.yaml: no such file", stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await Invoke()).Exit);
    }

    [Fact]
    public async Task Format_option_selects_the_files_written()
    {
        var (exit, _, _) = await Invoke(WriteDescription(TinyDescription), "-o", _dir, "--format", "md,sarif");

        Assert.Equal(0, exit);
        Assert.Equal(["plant.assessment.md", "plant.assessment.sarif"], Directory.GetFiles(_dir, "*.assessment.*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Baseline_reports_new_fixed_and_changed_in_markdown_html_and_sarif()
    {
        var before = WriteDescription(TinyDescription);
        Assert.Equal(0, (await Invoke(before, "-o", _dir, "--format", "json")).Exit);
        var baseline = Path.Combine(_dir, "baseline.json");
        File.Move(Path.Combine(_dir, "plant.assessment.json"), baseline);
        // The plant adds a wireless sensor and changes the PLC's default credentials back: new and changed findings.
        var after = WriteDescription(TinyDescription.Replace("default-credentials-changed: true", "default-credentials-changed: false", StringComparison.Ordinal) + """

              - id: vib-1
                name: Vibration sensor
                kind: sensor
                owner: acme
                zone: cell
                capabilities:
                  wireless: true
                  resource-constrained: true
            flows:
              - id: vib-to-plc
                from: vib-1
                to: plc-1
                protocol: wirelesshart
                class: short-lived-measurement
            """);

        var (exit, stdout, stderr) = await Invoke(after, "-o", _dir, "--baseline", baseline);

        Assert.True(exit == 0, stderr);
        Assert.Matches(@"since .*baseline\.json: [1-9]\d* new, \d+ changed, \d+ fixed", stdout);
        var md = await File.ReadAllTextAsync(Path.Combine(_dir, "plant.assessment.md"));
        Assert.Contains("## Since the baseline", md, StringComparison.Ordinal);
        Assert.Contains("@asset:vib-1`", md, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(_dir, "plant.assessment.html"));
        Assert.Contains("<span class=\"badge bl-New\">new</span>", html, StringComparison.Ordinal);
        using var sarif = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "plant.assessment.sarif")));
        var states = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("baselineState").GetString()).ToHashSet();
        Assert.Contains("new", states);
    }

    [Fact]
    public async Task Malformed_baseline_exits_2_naming_its_line()
    {
        var baseline = Path.Combine(_dir, "baseline.json");
        await File.WriteAllTextAsync(baseline, "{\n  \"descriptionName\": 5\n}\n");

        var (exit, _, stderr) = await Invoke(WriteDescription(TinyDescription), "-o", _dir, "--baseline", baseline);

        Assert.Equal(2, exit);
        Assert.Contains($"--baseline: {baseline}:2: $.descriptionName:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_outputs_are_well_formed_and_name_the_description_as_given()
    {
        var sample = SamplePath("transnational-cooperation.yaml");
        var (exit, _, _) = await Invoke(sample, "-o", _dir);
        Assert.Equal(0, exit);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "transnational-cooperation.assessment.json")));
        Assert.Equal(sample, json.RootElement.GetProperty("sourceFile").GetString());
        Assert.Equal(["scenario.7.4.5"], json.RootElement.GetProperty("scenarioIds").EnumerateArray().Select(e => e.GetString()));
        using var sarif = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "transnational-cooperation.assessment.sarif")));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var html = await File.ReadAllTextAsync(Path.Combine(_dir, "transnational-cooperation.assessment.html"));
        Assert.Contains("Transnational cooperation", html, StringComparison.Ordinal);
    }
}

using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;

namespace Palisade.Assessment.Tests.Reports;

/// <summary>Hand-made assessment results and a small catalogue, so the writers are tested without the engine.</summary>
internal static class ReportFixtures
{
    public const string DomainEdge = "domain.7.2.2";
    public const string DomainInfra = "domain.7.2.3";
    public const string DomainPlatform = "domain.7.2.4";
    public const string DomainApp = "domain.7.2.5";
    public const string StageDev = "stage.7.3.2";
    public const string StageUse = "stage.7.3.3";
    public const string StageRetire = "stage.7.3.4";
    public const string ScenarioMultilevel = "scenario.7.4.4";

    public static ReportCatalogue Catalogue { get; } = new(
        [
            new("threat.6.2.a", "Wireless sensors tampered with to copy or alter data", "6.2 a)", "Constrained wireless sensors are attacked to read or change what they report."),
            new("threat.6.2.b", "Edge computing platform attacked or failing", "6.2 b)", null),
            new("threat.6.2.c", "Data leaks from equipment past its end of security support", "6.2 c)", null),
            new("threat.6.2.h", "Legacy factory devices broken into", "6.2 h)", null),
            new("threat.6.2.k", "Network overload interrupts production", "6.2 k)", null),
            new("control.8.2.2.a", "Unique device identity and mutual authentication", "8.2.2 a)", null),
            new("control.8.2.2.c", "Payload integrity for constrained devices", "8.2.2 c)", null),
            new("control.8.2.3.b", "Patch or isolate end-of-support systems", "8.2.3 b)", null),
            new("control.8.2.4.e", "Rate limits and priority for control traffic", "8.2.4 e)", null),
            new("objective.8.1.c", "Authenticate devices and people", "8.1 c)", null),
            new("objective.8.1.d", "Keep production running", "8.1 d)", null),
        ],
        [
            new(DomainEdge, "Edge", "7.2.2", null),
            new(DomainInfra, "Cloud infrastructure", "7.2.3", null),
            new(DomainPlatform, "Platform", "7.2.4", null),
            new(DomainApp, "Application", "7.2.5", null),
        ],
        [
            new(StageDev, "Development and production", "7.3.2", null),
            new(StageUse, "Utilization and support", "7.3.3", null),
            new(StageRetire, "Retirement", "7.3.4", null),
        ],
        [
            new(ScenarioMultilevel, "Multilevel security production", "7.4.4",
            [
                new(ScenarioMultilevel + ".T1", "T1", "threat.6.2.a", "Wireless sensors attacked, cluster heads exposed"),
                new(ScenarioMultilevel + ".T2", "T2", "threat.6.2.b", "Edge platform attacked or failing"),
                new(ScenarioMultilevel + ".T4", "T4", "threat.6.2.c", "End-of-support equipment leaks data"),
                new(ScenarioMultilevel + ".T5", "T5", "threat.6.2.h", "Legacy devices hacked"),
                new(ScenarioMultilevel + ".T6", "T6", "threat.6.2.k", "Network overload"),
            ]),
        ]);

    public static Finding Make(
        string threat,
        string target,
        Severity severity,
        Applicability applicability = Applicability.Open,
        Treatment treatment = Treatment.None,
        int likelihood = 3,
        int impact = 3,
        string kind = "asset",
        string[]? domains = null,
        string[]? stages = null,
        string[]? scenarioThreats = null,
        ControlStatus[]? controls = null,
        TrackingNote? tracking = null,
        string? title = null) =>
        new(
            Id: $"{threat}@{kind}:{target}",
            ThreatId: threat,
            RuleId: threat,
            TargetKind: kind,
            TargetId: target,
            Title: title ?? $"{threat} at {target}",
            Rationale: $"{target} has the characteristics that raise {threat}.",
            Likelihood: likelihood,
            Impact: impact,
            Severity: severity,
            Applicability: applicability,
            Treatment: treatment,
            Controls: controls ?? [new ControlStatus("control.8.2.2.a", ControlPresence.Missing, null)],
            ObjectiveIds: ["objective.8.1.c"],
            DomainIds: domains ?? [DomainEdge],
            StageIds: stages ?? [StageUse],
            ScenarioThreatIds: scenarioThreats ?? [],
            Tracking: tracking);

    /// <summary>A small multilevel-production assessment with every severity and status.</summary>
    public static AssessmentResult Sample(string assetName = "press-line-3") => new(
        DescriptionName: "Werk Süd multilevel production",
        SourceFile: "samples/multilevel-security-production.yaml",
        CatalogueVersion: "srm-iip-2023.1",
        Findings:
        [
            Make("threat.6.2.h", "hmi-win7", Severity.Critical, likelihood: 5, impact: 5, stages: [StageUse], scenarioThreats: [ScenarioMultilevel + ".T5"],
                controls: [new("control.8.2.3.b", ControlPresence.Missing, null)], title: "Windows 7 HMI past end of support is reachable from the office network"),
            Make("threat.6.2.a", "vibration-sensor-12", Severity.High, likelihood: 4, impact: 4, stages: [StageDev], scenarioThreats: [ScenarioMultilevel + ".T1"],
                controls: [new("control.8.2.2.c", ControlPresence.Missing, null), new("control.8.2.2.a", ControlPresence.Declared, "PKI enrolment record 2025-03")]),
            Make("threat.6.2.a", "temp-sensor-7", Severity.High, likelihood: 4, impact: 3, stages: [StageDev], scenarioThreats: [ScenarioMultilevel + ".T1"]),
            Make("threat.6.2.k", "cell-network", Severity.Medium, kind: "zone", domains: [DomainInfra], stages: [StageDev], scenarioThreats: [ScenarioMultilevel + ".T6"],
                controls: [new("control.8.2.4.e", ControlPresence.Missing, null)]),
            Make("threat.6.2.b", "edge-01", Severity.Low, applicability: Applicability.Countered, domains: [DomainEdge, DomainPlatform], stages: [StageUse],
                scenarioThreats: [ScenarioMultilevel + ".T2"], controls: [new("control.8.2.2.a", ControlPresence.Enforced, "palisade: mTLS device identity")]),
            Make("threat.6.2.c", assetName, Severity.Medium, applicability: Applicability.Open, treatment: Treatment.Accepted, stages: [StageRetire],
                scenarioThreats: [ScenarioMultilevel + ".T4"],
                tracking: new TrackingNote("threat.6.2.c@asset:*", "accepted", "Replaced in Q3; isolated VLAN until then", "j.huber", new DateOnly(2026, 6, 30))),
            Make("threat.6.2.h", "plc-s7-300", Severity.Info, applicability: Applicability.NotApplicable, stages: [],
                tracking: new TrackingNote("threat.6.2.h@asset:plc-s7-300", "false-positive", "Air-gapped test bench", "m.ochs", null)),
        ],
        ScenarioIds: [ScenarioMultilevel]);

    public static ReportContext Context(AssessmentResult? result = null, BaselineComparison? baseline = null, IReadOnlyDictionary<string, int>? lines = null) =>
        new(result ?? Sample(), Catalogue, baseline, null, lines) { ToolVersion = "1.0.0-test" };
}

using System.Runtime.CompilerServices;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 d) 1) Hacking into individual devices installed or updated without secure settings.</summary>
internal sealed class InsecureDeviceSettingsRule : IThreatRule
{
    private static readonly string[] Constrained = [Ids.Control("8.2.6.2.a"), Ids.Control("8.2.4.a"), Ids.Control("8.2.4.g")];
    private static readonly string[] Rich = [Ids.Control("8.2.6.1.c"), Ids.Control("8.2.4.a"), Ids.Control("8.2.4.g")];

    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("d.1"),
        "Device with insecure settings used to attack the network",
        [Ids.Characteristic("d")],
        [Ids.Control("8.2.6.2.a"), Ids.Control("8.2.6.1.c"), Ids.Control("8.2.4.a"), Ids.Control("8.2.4.g")],
        "A device (sensor, actuator, PLC, gateway, edge platform, robot, network device) still has its default credentials.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (!AssessmentContext.IsDevice(asset) || asset.Capabilities.DefaultCredentialsChanged)
            {
                continue;
            }

            var connected = context.ConnectsToPlatform(asset);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                connected ? 4 : 3,
                4,
                (asset, connected),
                static s => $"Device {AssessmentContext.NameOf(s.asset)} keeps its default credentials",
                static s => $"Default credentials not stated as changed (6.1 d); {(s.connected ? "connected to the platform" : "reachable in its zone")}.",
                asset.Capabilities.ResourceConstrained ? Constrained : Rich));
        }

        return findings;
    }
}

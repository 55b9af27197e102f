using Palisade.Assessment.Engine;

namespace Palisade.Assessment.Rules;

/// <summary>Every built-in rule, one per leaf threat item of 6.2 (27). Add a rule here and in its own file.</summary>
internal static class BuiltInRules
{
    public static IEnumerable<IThreatRule> All() =>
    [
        new WirelessSensorRule(),
        new EdgePlatformFailureRule(),
        new RetiredEquipmentDataLeakageRule(),
        new InsecureDeviceSettingsRule(),
        new ConstrainedDeviceAbuseRule(),
        new UntraceableVulnerabilityRule(),
        new SideChannelRule(),
        new ConstrainedTransmissionRule(),
        new FactoryCloudInterceptionRule(),
        new LegacyEquipmentRule(),
        new UnpatchableSystemRule(),
        new DefaultPasswordRule(),
        new ObsoleteOperatingSystemRule(),
        new DeviceRelocationRule(),
        new BlurredBoundaryRule(),
        new AccessPointDisclosureRule(),
        new ControlTrafficStarvationRule(),
        new TrafficOverloadRule(),
        new RetiredIdentityRule(),
        new WeakDeviceIdentityRule(),
        new TenantExitDataBreachRule(),
        new CloudInteroperabilityRule(),
        new CrossBorderPrivacyRule(),
        new WrongPlatformDecisionRule(),
        new ApplicationChangeRule(),
        new MaliciousApplicationRule(),
        new ControlSoftwareVulnerabilityRule(),
    ];
}

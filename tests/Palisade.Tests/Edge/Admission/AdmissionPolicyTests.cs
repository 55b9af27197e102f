using Palisade.Edge.Admission;

namespace Palisade.Tests.Edge.Admission;

public sealed class AdmissionPolicyTests
{
    private static AdmissionPolicy Policy(AdmissionOptions options) =>
        new(options, new AdmissionProfile("default", [], options.TopicClasses),
            options.Profiles.Select((p, i) => new AdmissionProfile($"profiles[{i}]", [], p.TopicClasses)).ToList());

    [Fact]
    public void Integrity_is_required_for_listed_device_classes_and_participants_only()
    {
        var options = new AdmissionOptions();
        options.Integrity.RequiredForDeviceClasses.Add("sensor");
        options.Integrity.RequiredForParticipants.Add("pharma");
        var policy = Policy(options);

        Assert.True(policy.RequiresIntegrity("acme", "sensor"));
        Assert.True(policy.RequiresIntegrity("pharma", null));
        Assert.False(policy.RequiresIntegrity("acme", "plc"));
        Assert.False(policy.RequiresIntegrity("acme", null));
    }

    [Fact]
    public void Most_specific_profile_wins_and_can_override_the_integrity_requirement()
    {
        var options = new AdmissionOptions();
        options.Integrity.RequiredForDeviceClasses.Add("sensor");
        options.Profiles.Add(new AdmissionProfileOptions { Participant = "acme" });
        options.Profiles.Add(new AdmissionProfileOptions { DeviceClass = "sensor" });
        options.Profiles.Add(new AdmissionProfileOptions { Participant = "acme", DeviceClass = "sensor", RequireIntegrity = false });
        var policy = Policy(options);

        Assert.Equal("profiles[2]", policy.Resolve("acme", "sensor").Profile.Name);
        Assert.False(policy.Resolve("acme", "sensor").RequireIntegrity);
        Assert.Equal("profiles[1]", policy.Resolve("other", "sensor").Profile.Name);
        Assert.True(policy.Resolve("other", "sensor").RequireIntegrity);
        Assert.Equal("profiles[0]", policy.Resolve("acme", "plc").Profile.Name);
        Assert.Equal("default", policy.Resolve("other", "plc").Profile.Name);
    }
}

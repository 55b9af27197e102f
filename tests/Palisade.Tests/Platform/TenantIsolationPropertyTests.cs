using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Edge.Identity;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Tests.Platform;

/// <summary>A principal of participant A, a filter or topic built from an adversarial alphabet, and a topic of participant B.</summary>
public sealed class IsolationCase
{
    internal IsolationCase(AuthenticatedPrincipal principal, string filter, string foreignTopic)
    {
        Principal = principal;
        Filter = filter;
        ForeignTopic = foreignTopic;
    }

    internal AuthenticatedPrincipal Principal { get; }

    internal string Filter { get; }

    internal string ForeignTopic { get; }

    public override string ToString() => $"{Principal.Kind} {Principal.Id}@{Principal.ParticipantId} [{string.Join(",", Principal.Grants)}] filter '{Filter}' vs '{ForeignTopic}'";
}

public static class IsolationGenerators
{
    // Levels an attacker would try: both participants' ids, both devices' ids, namespace words, wildcards, '$'.
    private static readonly string[] Levels = ["p", "d", "A", "B", "a1", "b1", "telemetry", "events", "state", "commands", "+", "#", "$share", "$SYS", "g", ""];

    private static readonly ApplicationRight[] Rights = Enum.GetValues<ApplicationRight>();

    public static Arbitrary<IsolationCase> IsolationCase() => Arb.From(
        from principal in Principal
        from filter in Filter
        from topic in ForeignTopic
        select new IsolationCase(principal, filter, topic));

    private static Gen<AuthenticatedPrincipal> Principal =>
        Gen.OneOf(
            Gen.Elements("a1", "a2").Select(id => AuthenticatedPrincipal.Device(id, "A", "certificate")),
            Gen.ListOf(Grant).Select(grants => AuthenticatedPrincipal.Application("app", "A", [.. grants])));

    // Scopes include B's device id: a mistaken grant must still not open B's namespace.
    private static Gen<ApplicationGrant> Grant =>
        from right in Gen.Elements(Rights)
        from scope in Gen.Elements("*", "a1", "b1")
        select new ApplicationGrant(right, scope);

    private static Gen<string> Filter =>
        from shared in Gen.Elements(false, false, true)
        from body in Gen.OneOf(RandomLevels, Structured)
        select (shared ? "$share/g/" : "") + body;

    // Anything at all from the alphabet.
    private static Gen<string> RandomLevels =>
        from count in Gen.Choose(1, 7)
        from levels in Gen.ArrayOf(Gen.Elements(Levels), count)
        from namespaced in Gen.Elements(true, false)
        select (namespaced ? "p/" : "") + string.Join('/', levels);

    // Shaped like the namespace, so that many are allowed and the property has teeth.
    private static Gen<string> Structured =>
        from participant in Gen.Elements("A", "A", "B", "+", "#")
        from device in Gen.Elements("a1", "a2", "b1", "+", "#")
        from cls in Gen.Elements("telemetry", "events", "state", "commands", "+", "#")
        from tail in Gen.Elements("", "/#", "/+", "/x", "/+/y")
        select $"p/{participant}/d/{device}/{cls}{tail}";

    private static Gen<string> ForeignTopic =>
        from device in Gen.Elements("b1", "a1", "A")
        from cls in Gen.Elements(TopicNamespace.Classes)
        from extra in Gen.Elements("", "/x", "/A/a1", "/telemetry")
        select $"p/B/d/{device}/{cls}{extra}";
}

public sealed class TenantIsolationPropertyTests
{
    [Property(Arbitrary = [typeof(IsolationGenerators)], MaxTest = 20_000)]
    public bool No_filter_allowed_to_participant_A_matches_any_topic_of_participant_B(IsolationCase c) =>
        !(TopicPolicy.AuthorizeSubscribe(c.Principal, c.Filter).Allowed && TopicMatcher.Matches(c.Filter, c.ForeignTopic));

    [Property(Arbitrary = [typeof(IsolationGenerators)], MaxTest = 5_000)]
    public bool Every_topic_participant_A_may_publish_lies_in_As_namespace(IsolationCase c)
    {
        var topic = c.Filter.Replace("+", "x", StringComparison.Ordinal).Replace("#", "y", StringComparison.Ordinal);
        return !TopicPolicy.AuthorizePublish(c.Principal, topic).Allowed || topic.StartsWith("p/A/", StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_does_produce_allowed_filters_so_the_property_is_not_vacuous()
    {
        var allowed = 0;
        var sample = IsolationGenerators.IsolationCase().Generator.Sample(5_000);
        foreach (var c in sample)
        {
            if (TopicPolicy.AuthorizeSubscribe(c.Principal, c.Filter).Allowed)
            {
                allowed++;
            }
        }

        Assert.Equal(5_000, sample.Length);
        Assert.True(allowed > 100, $"only {allowed} of 5000 generated filters were allowed");
    }
}

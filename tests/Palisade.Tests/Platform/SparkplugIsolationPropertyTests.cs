using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Edge.Identity;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Tests.Platform;

public static class SparkplugIsolationGenerators
{
    private static readonly string[] Levels = ["spBv1.0", "STATE", "A", "B", "a1", "b1", "NDATA", "DDATA", "NBIRTH", "NCMD", "DCMD", "A:app", "B:app", "+", "#", "$share", "g", ""];

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

    private static Gen<ApplicationGrant> Grant =>
        from right in Gen.Elements(Rights)
        from scope in Gen.Elements("*", "a1", "b1")
        select new ApplicationGrant(right, scope);

    private static Gen<string> Filter =>
        from shared in Gen.Elements(false, false, true)
        from body in Gen.OneOf(RandomLevels, Structured, State)
        select (shared ? "$share/g/" : "") + body;

    private static Gen<string> RandomLevels =>
        from count in Gen.Choose(1, 6)
        from levels in Gen.ArrayOf(Gen.Elements(Levels), count)
        from namespaced in Gen.Elements(true, false)
        select (namespaced ? "spBv1.0/" : "") + string.Join('/', levels);

    private static Gen<string> Structured =>
        from grp in Gen.Elements("A", "A", "B", "+", "#", "STATE")
        from type in Gen.Elements("NBIRTH", "NDATA", "DDATA", "NCMD", "DCMD", "+", "#")
        from edge in Gen.Elements("a1", "a2", "b1", "+", "#")
        from tail in Gen.Elements("", "/#", "/+", "/x")
        select $"spBv1.0/{grp}/{type}/{edge}{tail}";

    private static Gen<string> State =>
        from host in Gen.Elements("A:app", "B:app", "+", "#", "A", "B")
        select $"spBv1.0/STATE/{host}";

    private static Gen<string> ForeignTopic =>
        Gen.OneOf(
            from type in Gen.Elements("NBIRTH", "NDEATH", "NDATA", "NCMD")
            from edge in Gen.Elements("b1", "a1")
            select $"spBv1.0/B/{type}/{edge}",
            from type in Gen.Elements("DBIRTH", "DDATA", "DCMD")
            from edge in Gen.Elements("b1", "a1")
            select $"spBv1.0/B/{type}/{edge}/x",
            Gen.Elements("spBv1.0/STATE/B:app", "spBv1.0/STATE/B:other"));
}

public sealed class SparkplugIsolationPropertyTests
{
    [Property(Arbitrary = [typeof(SparkplugIsolationGenerators)], MaxTest = 20_000)]
    public bool No_Sparkplug_filter_allowed_to_participant_A_matches_any_topic_of_participant_B(IsolationCase c) =>
        !(TopicPolicy.AuthorizeSubscribe(c.Principal, c.Filter).Allowed && TopicMatcher.Matches(c.Filter, c.ForeignTopic));

    [Property(Arbitrary = [typeof(SparkplugIsolationGenerators)], MaxTest = 5_000)]
    public bool Every_Sparkplug_topic_participant_A_may_publish_lies_in_As_group_or_As_STATE(IsolationCase c)
    {
        var topic = c.Filter.Replace("+", "x", StringComparison.Ordinal).Replace("#", "y", StringComparison.Ordinal);
        return !TopicPolicy.AuthorizePublish(c.Principal, topic).Allowed
            || topic.StartsWith("spBv1.0/A/", StringComparison.Ordinal)
            || topic.StartsWith("spBv1.0/STATE/A:", StringComparison.Ordinal)
            || topic.StartsWith("p/A/", StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_does_produce_allowed_Sparkplug_filters_so_the_property_is_not_vacuous()
    {
        var allowed = 0;
        var sample = SparkplugIsolationGenerators.IsolationCase().Generator.Sample(5_000);
        foreach (var c in sample)
        {
            if (TopicPolicy.AuthorizeSubscribe(c.Principal, c.Filter).Allowed)
            {
                allowed++;
            }
        }

        Assert.True(allowed > 100, $"only {allowed} of 5000 generated filters were allowed");
    }
}

using Palisade.Broker.Routing;
using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Routing;

public class SubscriptionTrieTests
{
    private static SubscriptionEntry Entry(Session session, string filter, string? group = null, QualityOfService qos = QualityOfService.AtLeastOnce) =>
        new(session, filter, group, new Subscription(group is null ? filter : $"$share/{group}/{filter}", qos), 0);

    private static List<string> Match(SubscriptionTrie trie, string topic)
    {
        var matches = new List<SubscriptionEntry>();
        var shared = new List<SubscriptionEntry>();
        trie.Match(topic, matches, shared);
        return [.. matches.Concat(shared).Select(e => e.Filter).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData("a/b/c", "a/b/c", true)]
    [InlineData("a/+/c", "a/b/c", true)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("a/#", "a/b/c", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("#", "a/b", true)]
    [InlineData("+/+", "a/b", true)]
    [InlineData("+", "a/b", false)]
    [InlineData("a/+", "a/", true)]
    [InlineData("+/a", "/a", true)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("a/b/c/d", "a/b/c", false)]
    [InlineData("#", "$SYS/x", false)]
    [InlineData("+/x", "$SYS/x", false)]
    [InlineData("$SYS/#", "$SYS/x", true)]
    [InlineData("$SYS/+", "$SYS/x", true)]
    public void Filter_matches_topic_as_the_specification_says(string filter, string topic, bool expected)
    {
        var trie = new SubscriptionTrie();
        trie.Add(Entry(new Session("c"), filter));

        Assert.Equal(expected, Match(trie, topic).Count == 1);
        Assert.Equal(expected, TopicNames.Matches(filter, topic));
    }

#pragma warning disable RS0030 // Fixed seed: reproducible test data, not security.
    [Fact]
    public void Trie_agrees_with_direct_matching_on_random_filters_and_topics()
    {
        var random = new Random(24392);
        string[] levels = ["a", "b", "c", "", "$x"];
        string RandomTopic()
        {
            var n = random.Next(1, 5);
            return string.Join('/', Enumerable.Range(0, n).Select(i => levels[random.Next(i == 0 ? levels.Length : levels.Length - 1)]));
        }

        string RandomFilter()
        {
            var n = random.Next(1, 5);
            var parts = Enumerable.Range(0, n).Select(_ => random.Next(6) switch { 0 => "+", _ => levels[random.Next(levels.Length - 1)] }).ToList();
            if (random.Next(3) == 0)
            {
                parts.Add("#");
            }

            return string.Join('/', parts);
        }

        var trie = new SubscriptionTrie();
        var filters = Enumerable.Range(0, 300).Select(_ => RandomFilter()).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var filter in filters)
        {
            Assert.True(TopicNames.IsValidFilter(filter), filter);
            trie.Add(Entry(new Session("c-" + filter), filter));
        }

        for (var i = 0; i < 500; i++)
        {
            var topic = RandomTopic();
            var expected = filters.Where(f => TopicNames.Matches(f, topic)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, Match(trie, topic));
        }
    }

#pragma warning restore RS0030

    [Fact]
    public void Routing_does_not_visit_ten_thousand_non_matching_subscriptions()
    {
        var trie = new SubscriptionTrie();
        var subscriber = new Session("subscriber");
        trie.Add(Entry(subscriber, "bench/topic"));
        var matches = new List<SubscriptionEntry>();
        var shared = new List<SubscriptionEntry>();
        var visitedAlone = trie.Match("bench/topic", matches, shared);

        for (var i = 0; i < 10_000; i++)
        {
            trie.Add(Entry(new Session($"device-{i}"), $"devices/{i}/cmd"));
        }

        matches.Clear();
        var visitedWithIdle = trie.Match("bench/topic", matches, shared);

        Assert.Single(matches);
        Assert.Equal(visitedAlone, visitedWithIdle);
        Assert.True(visitedWithIdle <= 4, $"visited {visitedWithIdle} nodes");
        Assert.Equal(10_001, trie.Count);
    }

    [Fact]
    public void Removing_the_last_subscription_prunes_its_nodes()
    {
        var trie = new SubscriptionTrie();
        var session = new Session("c");
        trie.Add(Entry(session, "a/b/c"));
        trie.Add(Entry(session, "a/+/#"));

        Assert.True(trie.Remove(session, "a/b/c", null));
        Assert.False(trie.Remove(session, "a/b/c", null));
        Assert.Equal(["a/+/#"], Match(trie, "a/b/c"));
        Assert.True(trie.Remove(session, "a/+/#", null));
        Assert.Empty(Match(trie, "a/b/c"));
        Assert.Equal(0, trie.Count);
    }

    [Fact]
    public void Resubscribing_replaces_the_entry_instead_of_adding_a_second()
    {
        var trie = new SubscriptionTrie();
        var session = new Session("c");
        Assert.True(trie.Add(Entry(session, "a/b", qos: QualityOfService.AtMostOnce)));
        Assert.False(trie.Add(Entry(session, "a/b", qos: QualityOfService.ExactlyOnce)));

        var matches = new List<SubscriptionEntry>();
        trie.Match("a/b", matches, []);
        Assert.Equal(QualityOfService.ExactlyOnce, Assert.Single(matches).MaximumQoS);
    }

    [Fact]
    public void Many_children_of_one_level_are_all_found()
    {
        var trie = new SubscriptionTrie();
        for (var i = 0; i < 50; i++)
        {
            trie.Add(Entry(new Session($"c{i}"), $"site/{i}"));
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal([$"site/{i}"], Match(trie, $"site/{i}"));
        }
    }

    [Fact]
    public void Shared_group_members_receive_in_turn_and_groups_are_independent()
    {
        var trie = new SubscriptionTrie();
        var a = new Session("a");
        var b = new Session("b");
        var c = new Session("c");
        trie.Add(Entry(a, "jobs/+", "workers"));
        trie.Add(Entry(b, "jobs/+", "workers"));
        trie.Add(Entry(c, "jobs/+", "auditors"));

        var received = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var matches = new List<SubscriptionEntry>();
            var shared = new List<SubscriptionEntry>();
            trie.Match("jobs/1", matches, shared);
            Assert.Empty(matches);
            Assert.Equal(2, shared.Count);
            Assert.Contains(shared, e => e.Session == c);
            received.Add(shared.Single(e => e.ShareGroup == "workers").Session.ClientId);
        }

        // All offline: plain round robin.
        Assert.Equal(2, received.Count(r => r == "a"));
        Assert.Equal(2, received.Count(r => r == "b"));
        Assert.NotEqual(received[0], received[1]);
    }

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("a/+/c", true)]
    [InlineData("#", true)]
    [InlineData("a/#", true)]
    [InlineData("+", true)]
    [InlineData("a/#/c", false)]
    [InlineData("a#", false)]
    [InlineData("a/b+", false)]
    [InlineData("", false)]
    public void Filter_validation_follows_wildcard_rules(string filter, bool valid) =>
        Assert.Equal(valid, TopicNames.IsValidFilter(filter));

    [Theory]
    [InlineData("$share/g/a/b", true, "g", "a/b")]
    [InlineData("$share/g/#", true, "g", "#")]
    [InlineData("$share//a", false, "", "")]
    [InlineData("$share/g", false, "", "")]
    [InlineData("$share/g+/a", false, "", "")]
    [InlineData("$share/g/a#", false, "", "")]
    public void Shared_filter_is_parsed_into_group_and_filter(string input, bool ok, string group, string filter)
    {
        Assert.Equal(ok, TopicNames.TryParseShared(input, out var g, out var f));
        Assert.Equal(group, g);
        Assert.Equal(filter, f);
    }
}

using System.Text;
using Palisade.Broker.Retained;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Retained;

public class RetainedStoreTests
{
    private static RetainedMessage Message(string topic, string payload, long expiresAt = long.MaxValue) =>
        new(new PublishPacket { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), Retain = true }, expiresAt);

    private static List<string> Collect(RetainedStore store, string filter, long now = 0)
    {
        var results = new List<RetainedMessage>();
        store.Collect(filter, now, results);
        return [.. results.Select(r => r.Packet.Topic + "=" + Encoding.UTF8.GetString(r.Packet.Payload.Span)).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Retained_message_is_replaced_by_the_next_and_deleted_by_an_empty_payload()
    {
        var store = new RetainedStore(10);
        Assert.Equal(RetainedStore.SetResult.Stored, store.Set(Message("a/b", "1")));
        Assert.Equal(RetainedStore.SetResult.Replaced, store.Set(Message("a/b", "2")));
        Assert.Equal(["a/b=2"], Collect(store, "a/b"));

        Assert.Equal(RetainedStore.SetResult.Deleted, store.Set(Message("a/b", "")));
        Assert.Empty(Collect(store, "a/b"));
        Assert.Equal(0, store.Count);
        Assert.Equal(RetainedStore.SetResult.NothingToDelete, store.Set(Message("a/b", "")));
    }

    [Fact]
    public void Wildcard_filters_find_retained_messages_but_leading_wildcards_skip_dollar_topics()
    {
        var store = new RetainedStore(10);
        store.Set(Message("a", "0"));
        store.Set(Message("a/b", "1"));
        store.Set(Message("a/c/d", "2"));
        store.Set(Message("$SYS/x", "3"));

        Assert.Equal(["a/b=1"], Collect(store, "a/+"));
        Assert.Equal(["a/b=1", "a/c/d=2", "a=0"], Collect(store, "a/#"));
        Assert.Equal(["a/b=1", "a/c/d=2", "a=0"], Collect(store, "#"));
        Assert.Equal(["a/b=1"], Collect(store, "+/b"));
        Assert.Equal(["$SYS/x=3"], Collect(store, "$SYS/#"));
        Assert.Equal(["a=0"], Collect(store, "+"));
    }

    [Fact]
    public void Expired_retained_message_is_not_delivered_and_is_removed()
    {
        var store = new RetainedStore(10);
        store.Set(Message("a", "old", expiresAt: 100));
        Assert.Equal(["a=old"], Collect(store, "a", now: 99));
        Assert.Empty(Collect(store, "a", now: 100));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Store_refuses_new_topics_beyond_its_maximum_but_still_replaces()
    {
        var store = new RetainedStore(2);
        store.Set(Message("a", "1"));
        store.Set(Message("b", "1"));
        Assert.Equal(RetainedStore.SetResult.Full, store.Set(Message("c", "1")));
        Assert.Equal(RetainedStore.SetResult.Replaced, store.Set(Message("a", "2")));
        Assert.Equal(2, store.Count);
        Assert.Empty(Collect(store, "c"));
    }
}

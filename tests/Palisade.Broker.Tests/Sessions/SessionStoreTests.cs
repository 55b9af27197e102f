using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Broker.Connections;
using Palisade.Broker.Hooks;
using Palisade.Broker.Routing;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Sessions;

public class SessionStoreTests
{
    private readonly FakeTime _time = new();
    private readonly BrokerCore _core;

    public SessionStoreTests()
    {
        var hooks = AllowAllHooks.Instance;
        _core = new BrokerCore(new BrokerOptions(), NullLogger.Instance, hooks, hooks, hooks, hooks, _time);
    }

    private MqttConnection NewConnection() =>
        new(_core, DuplexPipe.Unconnected(), new ClientEndpoint(Guid.NewGuid().ToString("N"), "test", null, false, null));

    private Palisade.Broker.Sessions.Session Attach(MqttConnection connection, string clientId, bool cleanStart, uint expiry) =>
        _core.Sessions.Attach(connection, clientId, cleanStart, expiry, ClientIdentity.Anonymous(clientId)).Session;

    private void Subscribe(Palisade.Broker.Sessions.Session session, string filter)
    {
        var entry = new SubscriptionEntry(session, filter, null, new Subscription(filter, QualityOfService.AtLeastOnce), 0);
        lock (session.Sync)
        {
            (session.Subscriptions ??= new(StringComparer.Ordinal))[filter] = entry;
        }

        _core.Trie.Add(entry);
    }

    private static WillMessage Will(uint delay) => new() { Topic = "wills/dev", Payload = Encoding.UTF8.GetBytes("gone"), QoS = QualityOfService.AtLeastOnce, WillDelayInterval = delay };

    [Fact]
    public void Offline_session_expires_after_its_interval_and_its_subscriptions_leave_the_trie()
    {
        var connection = NewConnection();
        var session = Attach(connection, "dev", cleanStart: false, expiry: 10);
        Subscribe(session, "cmd/dev");
        _core.Sessions.Detach(connection, session, will: null);

        _time.Advance(TimeSpan.FromSeconds(9));
        _core.Sessions.Sweep();
        Assert.Same(session, _core.Sessions.Find("dev"));
        Assert.Equal(1, _core.Trie.Count);

        _time.Advance(TimeSpan.FromSeconds(2));
        _core.Sessions.Sweep();
        Assert.Null(_core.Sessions.Find("dev"));
        Assert.Equal(0, _core.Trie.Count);
        Assert.True(session.Ended);
    }

    [Fact]
    public void Session_with_zero_expiry_ends_with_its_connection()
    {
        var connection = NewConnection();
        var session = Attach(connection, "dev", cleanStart: true, expiry: 0);
        Subscribe(session, "cmd/dev");
        _core.Sessions.Detach(connection, session, will: null);

        Assert.Null(_core.Sessions.Find("dev"));
        Assert.Equal(0, _core.Trie.Count);
    }

    [Fact]
    public void Resumed_session_keeps_subscriptions_and_queued_messages()
    {
        var first = NewConnection();
        var session = Attach(first, "dev", cleanStart: false, expiry: 100);
        Subscribe(session, "cmd/dev");
        _core.Sessions.Detach(first, session, will: null);
        _core.Router.Route(new PublishPacket { Topic = "cmd/dev", QoS = QualityOfService.AtLeastOnce, Payload = new byte[] { 1 } }, "app");

        var attach = _core.Sessions.Attach(NewConnection(), "dev", cleanStart: false, 100, ClientIdentity.Anonymous("dev"));

        Assert.True(attach.SessionPresent);
        Assert.Same(session, attach.Session);
        Assert.Equal(1, session.QueuedCount);
    }

    [Fact]
    public void Clean_start_discards_the_previous_session()
    {
        var first = NewConnection();
        var session = Attach(first, "dev", cleanStart: false, expiry: 100);
        Subscribe(session, "cmd/dev");
        _core.Sessions.Detach(first, session, will: null);

        var attach = _core.Sessions.Attach(NewConnection(), "dev", cleanStart: true, 100, ClientIdentity.Anonymous("dev"));

        Assert.False(attach.SessionPresent);
        Assert.NotSame(session, attach.Session);
        Assert.Equal(0, _core.Trie.Count);
    }

    [Fact]
    public void Second_connection_with_the_same_client_id_takes_the_session_over()
    {
        var first = NewConnection();
        var session = Attach(first, "dev", cleanStart: false, expiry: 100);

        var attach = _core.Sessions.Attach(NewConnection(), "dev", cleanStart: false, 100, ClientIdentity.Anonymous("dev"));

        Assert.Same(first, attach.Previous);
        Assert.Same(session, attach.Session);
        Assert.True(attach.SessionPresent);

        // The old connection ending later does not detach the session from its new owner.
        _core.Sessions.Detach(first, session, will: null);
        Assert.NotNull(session.Connection);
    }

    [Fact]
    public void Delayed_will_is_published_when_its_delay_has_passed()
    {
        var watcher = Attach(NewConnection(), "watcher", cleanStart: true, expiry: 0);
        Subscribe(watcher, "wills/#");
        var connection = NewConnection();
        var session = Attach(connection, "dev", cleanStart: false, expiry: 100);
        _core.Sessions.Detach(connection, session, Will(delay: 5));

        _time.Advance(TimeSpan.FromSeconds(4));
        _core.Sessions.Sweep();
        Assert.Equal(0, watcher.QueuedCount);

        _time.Advance(TimeSpan.FromSeconds(2));
        _core.Sessions.Sweep();
        Assert.Equal(1, watcher.QueuedCount);
    }

    [Fact]
    public void Delayed_will_is_not_published_when_the_client_reconnects_in_time()
    {
        var watcher = Attach(NewConnection(), "watcher", cleanStart: true, expiry: 0);
        Subscribe(watcher, "wills/#");
        var connection = NewConnection();
        var session = Attach(connection, "dev", cleanStart: false, expiry: 100);
        _core.Sessions.Detach(connection, session, Will(delay: 5));

        Attach(NewConnection(), "dev", cleanStart: false, expiry: 100);
        _time.Advance(TimeSpan.FromSeconds(10));
        _core.Sessions.Sweep();

        Assert.Equal(0, watcher.QueuedCount);
    }

    [Fact]
    public void Will_is_published_when_the_session_ends_before_the_will_delay()
    {
        var watcher = Attach(NewConnection(), "watcher", cleanStart: true, expiry: 0);
        Subscribe(watcher, "wills/#");
        var connection = NewConnection();
        var session = Attach(connection, "dev", cleanStart: false, expiry: 3);
        _core.Sessions.Detach(connection, session, Will(delay: 60));

        _time.Advance(TimeSpan.FromSeconds(4));
        _core.Sessions.Sweep();

        Assert.Equal(1, watcher.QueuedCount);
        Assert.Null(_core.Sessions.Find("dev"));
    }

    [Fact]
    public void Broker_sweeper_runs_on_the_time_provider()
    {
        var time = new FakeTime();
        var options = new BrokerOptions();
        var broker = new MqttBroker(options, NullLoggerFactory.Instance, timeProvider: time);
        var connection = new MqttConnection(broker.Core, DuplexPipe.Unconnected(), new ClientEndpoint("x", "test", null, false, null));
        var session = broker.Core.Sessions.Attach(connection, "dev", false, 5, ClientIdentity.Anonymous("dev")).Session;
        broker.Core.Sessions.Detach(connection, session, null);

        time.Advance(TimeSpan.FromSeconds(7));

        Assert.Null(broker.Core.Sessions.Find("dev"));
    }
}

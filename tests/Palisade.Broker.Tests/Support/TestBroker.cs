using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Palisade.Broker.Hooks;

namespace Palisade.Broker.Tests.Support;

/// <summary>
/// The broker behind a real TCP listener on 127.0.0.1, port 0: each accepted socket becomes a duplex pipe
/// (StreamPipeReader/Writer over a NetworkStream) handed to <see cref="MqttBroker.HandleConnectionAsync"/>.
/// </summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private int _nextId;

    public TestBroker(
        BrokerOptions? options = null,
        IConnectionAuthenticator? authenticator = null,
        ISubscriptionAuthorizer? authorizer = null,
        IPublishAdmission? admission = null,
        IDeliveryFilter? filter = null,
        TimeProvider? time = null,
        IMessageStore? store = null)
    {
        Options = options ?? new BrokerOptions();
        Broker = new MqttBroker(Options, Log.CreateFactory(), authenticator, authorizer, admission, filter, time, store);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public BrokerOptions Options { get; }
    public MqttBroker Broker { get; }
    public TestLog Log { get; } = new();
    public int Port { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            socket.NoDelay = true;
            var stream = new NetworkStream(socket, ownsSocket: true);
            var pipe = new DuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
            var endpoint = new ClientEndpoint($"test-{Interlocked.Increment(ref _nextId)}", "tcp", socket.RemoteEndPoint, false, null);
            lock (_connections)
            {
                _connections.Add(RunAsync(pipe, endpoint, stream));
            }
        }
    }

    private async Task RunAsync(DuplexPipe pipe, ClientEndpoint endpoint, NetworkStream stream)
    {
        try
        {
            await Broker.HandleConnectionAsync(pipe, endpoint, _stop.Token);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        Task[] all;
        lock (_connections)
        {
            all = [.. _connections];
        }

        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        // A test fails if the broker logged an unexpected error (hook failures, internal faults).
        Assert.Empty(Log.Errors);
    }
}

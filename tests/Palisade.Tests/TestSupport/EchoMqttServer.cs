using System.Collections.Concurrent;
using System.IO.Pipelines;
using Palisade.Broker;
using Palisade.Messaging;

namespace Palisade.Tests.TestSupport;

/// <summary>
/// A stand-in for the broker in transport tests: echoes every byte back and records what the listener told it
/// about each connection. Lets the listeners (TLS, WebSocket framing, shutdown) be tested without MQTT.
/// </summary>
internal sealed class EchoMqttServer : IMqttServer
{
    private readonly ConcurrentQueue<ClientEndpoint> _endpoints = new();
    private readonly CancellationTokenSource _disposed = new();

    public IReadOnlyList<ClientEndpoint> Endpoints => _endpoints.ToArray();

    public bool IsDisposed => _disposed.IsCancellationRequested;

    public async Task HandleConnectionAsync(IDuplexPipe transport, ClientEndpoint endpoint, CancellationToken cancellationToken)
    {
        _endpoints.Enqueue(endpoint);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            while (true)
            {
                var result = await transport.Input.ReadAsync(linked.Token);
                foreach (var segment in result.Buffer)
                {
                    await transport.Output.WriteAsync(segment, linked.Token);
                }
                transport.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        await transport.Output.CompleteAsync();
        await transport.Input.CompleteAsync();
    }

    public ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        return ValueTask.CompletedTask;
    }
}

using System.IO.Pipelines;
using System.Net.WebSockets;

namespace Palisade.Edge.Transport;

/// <summary>
/// Presents an accepted WebSocket as the byte stream the broker reads and writes: binary frames in are copied into
/// one pipe, whatever the broker writes is sent out as binary frames. MQTT over WebSocket allows packets to span
/// frames and frames to hold several packets, so frame boundaries carry no meaning and are dropped.
/// </summary>
internal sealed class WebSocketDuplexPipe : IDuplexPipe
{
    private const int MinimumReceiveBuffer = 4096;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;

    public WebSocketDuplexPipe(WebSocket socket, long maximumBufferedBytes)
    {
        _socket = socket;
        // Bounded both ways so a fast peer or a slow one cannot make the host buffer without limit.
        var options = new PipeOptions(
            pauseWriterThreshold: maximumBufferedBytes,
            resumeWriterThreshold: maximumBufferedBytes / 2,
            useSynchronizationContext: false);
        _input = new Pipe(options);
        _output = new Pipe(options);
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    /// <summary>Set when the peer sent a text frame, which MQTT forbids; the connection was then closed.</summary>
    public bool ReceivedTextFrame { get; private set; }

    public void Start(CancellationToken cancellationToken)
    {
        _receiving = ReceiveAsync(cancellationToken);
        _sending = SendAsync(cancellationToken);
    }

    /// <summary>After the broker is done: send what it wrote, then close the WebSocket (bounded in time).</summary>
    public async Task CompleteAsync()
    {
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await _input.Reader.CompleteAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _sending.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(
                    ReceivedTextFrame ? WebSocketCloseStatus.InvalidMessageType : WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            await _receiving.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The peer did not finish the closing handshake in time or vanished; the HTTP request ends anyway.
            _socket.Abort();
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(MinimumReceiveBuffer);
                var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    // MQTT 5.0 section 6.0: data in a text frame means the connection MUST be closed.
                    ReceivedTextFrame = true;
                    break;
                }
                writer.Advance(result.Count);
                var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection ended abruptly: to the broker that is the end of the stream (it publishes the will).
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                // One WebSocket message per read: each segment is a frame, the last one ends the message.
                ReadOnlyMemory<byte> pending = default;
                foreach (var segment in buffer)
                {
                    if (segment.IsEmpty)
                    {
                        continue;
                    }
                    if (!pending.IsEmpty)
                    {
                        await _socket.SendAsync(pending, WebSocketMessageType.Binary, endOfMessage: false, cancellationToken).ConfigureAwait(false);
                    }
                    pending = segment;
                }
                if (!pending.IsEmpty)
                {
                    await _socket.SendAsync(pending, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer is gone; completing the reader makes the broker's next flush report completion.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}

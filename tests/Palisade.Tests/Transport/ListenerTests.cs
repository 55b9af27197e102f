using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using Palisade.Edge.Transport;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Transport;

/// <summary>The listeners themselves, against a stand-in that echoes bytes (no MQTT involved).</summary>
public sealed class ListenerTests
{
    private static readonly byte[] Probe = [0x10, 0x02, 0xAB, 0xCD, 0x00, 0xFF];

    [Fact]
    public async Task Tls_listener_presents_the_generated_certificate_and_hands_decrypted_bytes_to_the_broker()
    {
        var echo = new EchoMqttServer();
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(echo));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.TlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, ServerTrust.Only(server.CertificatePath));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            // An HTTP client's offer: the MQTT port must not agree to speak HTTP.
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });
        await tls.WriteAsync(Probe);

        Assert.Equal(Probe, await ReadExactlyAsync(tls, Probe.Length));
        Assert.True(tls.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.Equal(0, tls.NegotiatedApplicationProtocol.Protocol.Length);
        var endpoint = Assert.Single(echo.Endpoints);
        Assert.Equal(ListenerNames.Tls, endpoint.ListenerName);
        Assert.True(endpoint.IsTls);
        Assert.Null(endpoint.ClientCertificate);
        Assert.Equal(((IPEndPoint)tcp.Client.LocalEndPoint!).Port, ((IPEndPoint)endpoint.RemoteEndPoint!).Port);
    }

    [Fact]
    public async Task Client_certificate_when_required_is_handed_to_the_broker()
    {
        var echo = new EchoMqttServer();
        await using var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(echo);
            o.Settings["Palisade:Listeners:Tls:ClientCertificateMode"] = "RequireCertificate";
        });
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=device-42", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")], false));
        using var deviceCertificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.TlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, ServerTrust.Only(server.CertificatePath));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [deviceCertificate],
        });
        await tls.WriteAsync(Probe);
        await ReadExactlyAsync(tls, Probe.Length);

        var endpoint = Assert.Single(echo.Endpoints);
        Assert.Equal(deviceCertificate.Thumbprint, endpoint.ClientCertificate?.Thumbprint);

        // Without a certificate the handshake (or the first read after it, in TLS 1.3) fails.
        using var anonymous = new TcpClient();
        await anonymous.ConnectAsync(IPAddress.Loopback, server.TlsPort);
        await using var anonymousTls = new SslStream(anonymous.GetStream(), false, ServerTrust.Only(server.CertificatePath));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await anonymousTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
            await anonymousTls.WriteAsync(Probe);
            if (await ReadOrFailAsync(anonymousTls, CancellationToken.None) == 0)
            {
                throw new IOException("closed");
            }
        });
        Assert.Single(echo.Endpoints);
    }

    [Fact]
    public async Task Tls_listener_refuses_TLS_1_1()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.TlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, ServerTrust.Only(server.CertificatePath));
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.1 on purpose: the server must refuse it.
        var options = new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls11 };
#pragma warning restore SYSLIB0039, CA5397
        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(options));
    }

    [Fact]
    public async Task Plain_TCP_listener_when_enabled_hands_bytes_to_the_broker_as_not_TLS()
    {
        var echo = new EchoMqttServer();
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(echo).WithPlainTcp());

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.PlainTcpPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Probe);

        Assert.Equal(Probe, await ReadExactlyAsync(stream, Probe.Length));
        var endpoint = Assert.Single(echo.Endpoints);
        Assert.Equal(ListenerNames.PlainTcp, endpoint.ListenerName);
        Assert.False(endpoint.IsTls);
    }

    [Fact]
    public async Task WebSocket_with_mqtt_subprotocol_carries_binary_frames_both_ways_over_TLS()
    {
        var echo = new EchoMqttServer();
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(echo));

        using var socket = NewWebSocket(server);
        socket.Options.AddSubProtocol("mqtt");
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        Assert.Equal("mqtt", socket.SubProtocol);

        // One packet split over two frames: frame boundaries must not matter.
        await socket.SendAsync(Probe.AsMemory(0, 2), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        await socket.SendAsync(Probe.AsMemory(2), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var received = new List<byte>();
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.Count < Probe.Length)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            received.AddRange(buffer.AsSpan(0, result.Count).ToArray());
        }
        Assert.Equal(Probe, received.ToArray());

        var endpoint = Assert.Single(echo.Endpoints);
        Assert.Equal(ListenerNames.WebSocket, endpoint.ListenerName);
        Assert.True(endpoint.IsTls);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task WebSocket_without_TLS_only_when_configured_and_with_a_warning()
    {
        var echo = new EchoMqttServer();
        await using var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(echo);
            o.Settings["Palisade:Listeners:WebSocket:UseTls"] = "false";
        });

        var warning = await server.WaitForLogAsync(l => l.EventId.Id == 1202, TimeSpan.FromSeconds(5));
        Assert.Contains($"127.0.0.1:{server.WebSocketPort}", warning.Message, StringComparison.Ordinal);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.WebSocketPort}/mqtt"), CancellationToken.None);
        await socket.SendAsync(Probe, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(Probe[0], buffer[0]);
        Assert.False(Assert.Single(echo.Endpoints).IsTls);
        Assert.True(result.Count > 0);
    }

    [Fact]
    public async Task WebSocket_without_the_mqtt_subprotocol_is_rejected()
    {
        var echo = new EchoMqttServer();
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(echo));

        using var socket = NewWebSocket(server);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("chat");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
        Assert.Empty(echo.Endpoints);
    }

    [Fact]
    public async Task WebSocket_text_frame_closes_the_connection()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));

        using var socket = NewWebSocket(server);
        socket.Options.AddSubProtocol("mqtt");
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(new byte[64], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, result.CloseStatus);
    }

    [Fact]
    public async Task Health_endpoint_answers_on_the_HTTP_API_listener_only()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));

        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri(server.HttpUri, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        // The MQTT WebSocket listener, reachable by devices, exposes nothing of the API.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, ch, e) => ServerTrust.Only(server.CertificatePath)(new object(), c, ch, e) };
        using var wss = new HttpClient(handler);
        var onWebSocketListener = await wss.GetAsync(new Uri($"https://127.0.0.1:{server.WebSocketPort}/healthz"));
        Assert.Equal(HttpStatusCode.NotFound, onWebSocketListener.StatusCode);
        var mqttPathOnApi = await http.GetAsync(new Uri(server.HttpUri, "/mqtt"));
        Assert.Equal(HttpStatusCode.NotFound, mqttPathOnApi.StatusCode);
    }

    [Fact]
    public async Task Stopping_the_host_disposes_the_broker_and_refuses_new_connections()
    {
        var echo = new EchoMqttServer();
        var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(echo));
        var port = server.TlsPort;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), false, ServerTrust.Only(server.CertificatePath));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        await tls.WriteAsync(Probe);
        await ReadExactlyAsync(tls, Probe.Length);

        await server.DisposeAsync();

        Assert.True(echo.IsDisposed);
        // The open connection ended (the stand-in completed its output when disposed).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await ReadOrFailAsync(tls, timeout.Token);
        Assert.Equal(0, read);
        using var late = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, port));
    }

    private static ClientWebSocket NewWebSocket(PalisadeServerFixture server)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = ServerTrust.Only(server.CertificatePath);
        return socket;
    }

    private static async Task<int> ReadOrFailAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(new byte[16], cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }
}

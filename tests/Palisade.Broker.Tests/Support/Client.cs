using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Palisade.Broker.Tests.Support;

/// <summary>MQTTnet client helpers for protocol tests.</summary>
internal static class Client
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static MqttClientOptionsBuilder Options(TestBroker broker, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithClientId(clientId)
            .WithProtocolVersion(version)
            .WithTimeout(Timeout);

    public static async Task<(IMqttClient Client, Inbox Inbox)> ConnectAsync(
        TestBroker broker, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var inbox = new Inbox(client);
        var builder = Options(broker, clientId, version);
        configure?.Invoke(builder);
        var result = await client.ConnectAsync(builder.Build(), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return (client, inbox);
    }

    public static Task SubscribeAsync(IMqttClient client, string filter, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(qos)).Build()).WaitAsync(Timeout);

    public static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtMostOnce, bool retain = false) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build()).WaitAsync(Timeout);

    /// <summary>Waits (bounded) until the broker has processed a client's disconnect: its session is offline or gone.</summary>
    public static async Task WaitOfflineAsync(TestBroker broker, string clientId)
    {
        for (var i = 0; i < 200 && broker.Broker.Core.Sessions.Find(clientId)?.Connection is not null; i++)
        {
            await Task.Delay(10);
        }

        Assert.Null(broker.Broker.Core.Sessions.Find(clientId)?.Connection);
    }

    public static string Text(this MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload);

    /// <summary>Messages a client received, and its disconnect, awaitable with a bound.</summary>
    internal sealed class Inbox
    {
        private readonly BlockingCollection<MqttApplicationMessage> _messages = [];
        private readonly TaskCompletionSource<MqttClientDisconnectedEventArgs> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Inbox(IMqttClient client)
        {
            client.ApplicationMessageReceivedAsync += e =>
            {
                _messages.Add(e.ApplicationMessage);
                return Task.CompletedTask;
            };
            client.DisconnectedAsync += e =>
            {
                _disconnected.TrySetResult(e);
                return Task.CompletedTask;
            };
        }

        public Task<MqttClientDisconnectedEventArgs> Disconnected => _disconnected.Task;

        public async Task<MqttApplicationMessage> NextAsync(TimeSpan? timeout = null)
        {
            var message = await Task.Run(() => _messages.TryTake(out var m, timeout ?? Timeout) ? m : null);
            Assert.True(message is not null, "no message arrived in time");
            return message!;
        }

        /// <summary>Asserts nothing arrives within a short grace period (for "must not be delivered" checks).</summary>
        public async Task AssertNothingAsync(TimeSpan? grace = null)
        {
            var message = await Task.Run(() => _messages.TryTake(out var m, grace ?? TimeSpan.FromMilliseconds(300)) ? m : null);
            Assert.True(message is null, $"unexpected message on {message?.Topic}");
        }

        public int Count => _messages.Count;
    }
}

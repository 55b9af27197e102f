namespace Palisade.Mqtt.Packets;

/// <summary>CONNECT (client to server).</summary>
public sealed class ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;
    public string ClientId { get; set; } = "";
    /// <summary>Clean Start in 5.0; Clean Session in 3.1.1.</summary>
    public bool CleanStart { get; set; } = true;
    /// <summary>Keep alive in seconds; 0 disables it.</summary>
    public ushort KeepAliveSeconds { get; set; }
    public string? UserName { get; set; }
    public ReadOnlyMemory<byte>? Password { get; set; }

    /// <summary>The will message, or null when the Will Flag is 0.</summary>
    public WillMessage? Will { get; set; }

    // MQTT 5.0 properties.
    /// <summary>Session Expiry Interval in seconds (5.0). 0 = ends with the connection; uint.MaxValue = never.</summary>
    public uint SessionExpiryInterval { get; set; }
    /// <summary>Receive Maximum (5.0), default 65,535.</summary>
    public ushort ReceiveMaximum { get; set; } = ushort.MaxValue;
    /// <summary>Maximum Packet Size the client accepts (5.0); null = no limit beyond the protocol's.</summary>
    public uint? MaximumPacketSize { get; set; }
    /// <summary>Topic Alias Maximum the client accepts from the server (5.0), default 0.</summary>
    public ushort TopicAliasMaximum { get; set; }
    public bool RequestResponseInformation { get; set; }
    public bool RequestProblemInformation { get; set; } = true;
    public string? AuthenticationMethod { get; set; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}

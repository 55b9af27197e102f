namespace Palisade.LoadGen.Wire;

/// <summary>MQTT control packet types as the high nibble of the fixed header byte.</summary>
internal static class PacketTypes
{
    public const int Connect = 1;
    public const int ConnAck = 2;
    public const int Publish = 3;
    public const int PubAck = 4;
    public const int Subscribe = 8;
    public const int SubAck = 9;
    public const int PingReq = 12;
    public const int PingResp = 13;
    public const int Disconnect = 14;

    public static int Of(byte header) => header >> 4;
}

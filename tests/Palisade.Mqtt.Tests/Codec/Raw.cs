using System.Text;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>Hand-built packet bytes, for inputs the writer would never produce.</summary>
internal static class Raw
{
    /// <summary>A packet: first byte, Remaining Length, then the parts concatenated.</summary>
    public static byte[] Packet(byte first, params byte[][] parts)
    {
        byte[] body = Concat(parts);
        return [first, .. VarInt((uint)body.Length), .. body];
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] B(params byte[] bytes) => bytes;

    public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    public static byte[] Str(string value) => LengthPrefixed(Encoding.UTF8.GetBytes(value));

    public static byte[] LengthPrefixed(params byte[] bytes) => [.. U16(bytes.Length), .. bytes];

    /// <summary>A property section: length then the properties.</summary>
    public static byte[] Props(params byte[][] properties)
    {
        byte[] body = Concat(properties);
        return [.. VarInt((uint)body.Length), .. body];
    }

    public static byte[] VarInt(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0)
            {
                b |= 0x80;
            }

            bytes.Add(b);
        }
        while (value != 0);
        return [.. bytes];
    }

    /// <summary>A CONNECT body: protocol name, level, flags, keep alive, 5.0 properties, then the payload parts.</summary>
    public static byte[] Connect(byte level, byte flags, byte[]? properties, params byte[][] payload) =>
        Packet(0x10, [.. Str("MQTT"), level, flags, 0, 60], properties ?? (level == 5 ? [0] : []), Concat(payload));
}

using System.Text;

namespace Palisade.Mqtt.Codec;

/// <summary>Size arithmetic shared by the writer and its size calculations.</summary>
internal static class MqttEncoding
{
    /// <summary>Largest Remaining Length a four-byte Variable Byte Integer holds (268,435,455).</summary>
    public const int MaxRemainingLength = 268_435_455;

    /// <summary>Largest whole packet: one type byte, four length bytes and the largest body.</summary>
    public const uint MaxPacketSize = MaxRemainingLength + 5;

    public static int VariableByteIntegerSize(uint value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>Size of a length-prefixed UTF-8 string; throws on strings MQTT cannot carry (a caller bug).</summary>
    public static int StringSize(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        if (count > ushort.MaxValue)
        {
            throw new ArgumentException("An MQTT string is at most 65,535 UTF-8 bytes.", nameof(value));
        }

        return 2 + count;
    }

    public static int BinarySize(int length)
    {
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("MQTT binary data is at most 65,535 bytes.", nameof(length));
        }

        return 2 + length;
    }

    /// <summary>Size of a packet whose body (everything after the fixed header) has <paramref name="remainingLength"/> bytes.</summary>
    public static int PacketSize(int remainingLength)
    {
        if ((uint)remainingLength > MaxRemainingLength)
        {
            throw new ArgumentException("The packet exceeds MQTT's largest Remaining Length (268,435,455).", nameof(remainingLength));
        }

        return 1 + VariableByteIntegerSize((uint)remainingLength) + remainingLength;
    }
}

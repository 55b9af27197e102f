using System.Buffers;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// Splits a byte stream into MQTT frames (fixed header + body) without decoding the body. The generator's hot
/// paths (PUBLISH on subscribers, PUBACK on publishers) read only the few bytes they need from the body, so a
/// frame is never materialised as an object: allocating a packet per delivered message would make the generator,
/// not the broker, the bottleneck.
/// </summary>
internal static class Frame
{
    /// <summary>Largest frame accepted from a broker; the generator only expects small packets.</summary>
    public const int MaxFrameSize = 16 * 1024 * 1024;

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. Returns false when more bytes are needed
    /// (nothing consumed). Throws on a frame larger than <see cref="MaxFrameSize"/> or a malformed length.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out byte header, out ReadOnlySequence<byte> body)
    {
        body = default;
        header = 0;
        if (buffer.Length < 2)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.TryRead(out header);
        var length = 0;
        var shift = 0;
        for (var i = 0; ; i++)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            length |= (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                break;
            }

            if (i == 3)
            {
                throw new InvalidDataException("Malformed Remaining Length from the broker.");
            }
        }

        if (length > MaxFrameSize)
        {
            throw new InvalidDataException($"Broker sent a {length}-byte packet; the generator accepts at most {MaxFrameSize}.");
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        body = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    /// <summary>Reads a Variable Byte Integer from a sequence reader.</summary>
    public static bool TryReadVarInt(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            value |= (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Palisade.Mqtt.Codec;

/// <summary>
/// Forward-only reader over one packet's bytes. Every method is total: it returns false instead of throwing when
/// the bytes run out or are not what MQTT allows, so the decoder never throws on hostile input.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _span.Length - _position;
    public readonly bool End => _position >= _span.Length;

    public bool TryReadByte(out byte value)
    {
        if (_position < _span.Length)
        {
            value = _span[_position++];
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (_span.Length - _position >= 2)
        {
            value = BinaryPrimitives.ReadUInt16BigEndian(_span.Slice(_position, 2));
            _position += 2;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (_span.Length - _position >= 4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(_span.Slice(_position, 4));
            _position += 4;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>A Variable Byte Integer of at most four bytes (MQTT 5.0 section 1.5.5).</summary>
    public bool TryReadVariableByteInteger(out uint value)
    {
        value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (_position >= _span.Length)
            {
                return false;
            }

            byte b = _span[_position++];
            value |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count >= 0 && _span.Length - _position >= count)
        {
            bytes = _span.Slice(_position, count);
            _position += count;
            return true;
        }

        bytes = default;
        return false;
    }

    /// <summary>Two-byte length prefixed Binary Data.</summary>
    public bool TryReadBinary(out ReadOnlySpan<byte> bytes)
    {
        if (TryReadUInt16(out ushort length))
        {
            return TryReadBytes(length, out bytes);
        }

        bytes = default;
        return false;
    }

    /// <summary>A UTF-8 Encoded String's raw bytes, validated (well-formed, no surrogates, no U+0000).</summary>
    public bool TryReadUtf8(out ReadOnlySpan<byte> bytes) => TryReadBinary(out bytes) && IsValidMqttUtf8(bytes);

    public bool TryReadString(out string value)
    {
        if (TryReadUtf8(out ReadOnlySpan<byte> bytes))
        {
            value = bytes.IsEmpty ? "" : Encoding.UTF8.GetString(bytes);
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>
    /// MQTT forbids ill-formed UTF-8 (which includes encoded surrogates and overlong forms) and U+0000 in strings
    /// (3.1.1 section 1.5.3, 5.0 section 1.5.4); both make the packet malformed.
    /// </summary>
    public static bool IsValidMqttUtf8(ReadOnlySpan<byte> bytes) => bytes.IndexOf((byte)0) < 0 && Utf8.IsValid(bytes);
}

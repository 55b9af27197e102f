using System.Buffers.Binary;
using System.Text;

namespace Palisade.Mqtt.Codec;

/// <summary>Forward-only writer into a span that was sized exactly beforehand.</summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public SpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _span[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_span.Slice(_position, 2), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span.Slice(_position, 4), value);
        _position += 4;
    }

    public void WriteVariableByteInteger(uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0)
            {
                b |= 0x80;
            }

            _span[_position++] = b;
        }
        while (value != 0);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Two-byte length prefix then the bytes (Binary Data, or an already encoded UTF-8 string).</summary>
    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        WriteUInt16((ushort)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A UTF-8 Encoded String, encoded straight into the output (no intermediate buffer).</summary>
    public void WriteString(string value)
    {
        int written = Encoding.UTF8.GetBytes(value, _span[(_position + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(_span.Slice(_position, 2), (ushort)written);
        _position += 2 + written;
    }
}

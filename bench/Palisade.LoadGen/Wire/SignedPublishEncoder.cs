using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// Builds each PUBLISH anew: a JSON telemetry body (<see cref="TelemetryBody"/>) or a binary body, and, when asked,
/// the integrity envelope of docs/admission.md (version 1, HMAC-SHA256 with the device's key): a new sequence number
/// (per device, strictly increasing), the current Unix-millisecond timestamp and the tag over
/// <c>"palisade-envelope-v1" 0x00 ‖ u8 K ‖ kid ‖ u16 topic length ‖ topic ‖ u64 seq ‖ i64 ts ‖ u32 body length ‖ body</c>,
/// carried as MQTT 5.0 user properties (pal-kid, pal-seq, pal-ts, pal-tag, base64url) or as the compact prefix.
/// </summary>
/// <remarks>Written from the contract in docs/admission.md, independently of the broker's verifier, so a benchmark
/// run also checks the two against each other (a mismatch shows as refused, i.e. missing, messages).
/// The HMAC is keyed once (<see cref="IncrementalHash"/>, reset after each tag) and nothing is allocated per message.</remarks>
internal sealed class SignedPublishEncoder : IPublishSource, IDisposable
{
    private const byte UserPropertyId = 0x26;
    private const int TagSize = 32;
    private const int TagBase64UrlSize = 43;
    private static readonly byte[] Domain = "palisade-envelope-v1\0"u8.ToArray();
    private static readonly byte[] KidName = "pal-kid"u8.ToArray();
    private static readonly byte[] SeqName = "pal-seq"u8.ToArray();
    private static readonly byte[] TsName = "pal-ts"u8.ToArray();
    private static readonly byte[] TagName = "pal-tag"u8.ToArray();

    private readonly int _protocolLevel;
    private readonly byte[] _topic;
    private readonly EnvelopeForm _form;
    private readonly byte[] _kid = [];
    private readonly IncrementalHash? _hmac;
    // The platform's fast HMAC path (precomputed key states) where available: the generator shares the broker's cores.
    private readonly Palisade.Admission.Integrity.HmacSha256Midstate? _midstate;
    private readonly byte[] _covered = [];
    private readonly byte[] _coveredHead = [];
    private readonly string _machine;
    private readonly bool _json;
    private readonly int _binarySize;
    private readonly byte[] _body = new byte[Math.Max(TelemetryBody.MaxLength, 64 * 1024)];
    private ulong _nextSequence;

    public SignedPublishEncoder(
        int protocolLevel, string topic, int qos, EnvelopeForm form, EnvelopeKey? key, ulong firstSequence, string machine, bool jsonBody, int binaryPayloadSize)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (form == EnvelopeForm.Properties && protocolLevel != 5)
        {
            throw new ArgumentException("The user-property envelope needs MQTT 5.0 (--protocol 5).", nameof(form));
        }

        if (form != EnvelopeForm.None && key is null)
        {
            throw new ArgumentException("An envelope needs the device's key.", nameof(key));
        }

        if (!jsonBody && (binaryPayloadSize < PublishTemplate.TimestampSize || binaryPayloadSize > _body.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(binaryPayloadSize));
        }

        _protocolLevel = protocolLevel;
        _topic = Encoding.UTF8.GetBytes(topic);
        Qos = qos;
        _form = form;
        _machine = machine;
        _json = jsonBody;
        _binarySize = binaryPayloadSize;
        _nextSequence = Math.Max(1, firstSequence);
        if (key is not null && form != EnvelopeForm.None)
        {
            _kid = Encoding.ASCII.GetBytes(key.KeyId);
            if (_kid.Length is < 1 or > 64)
            {
                throw new ArgumentException("The key id must be 1..64 characters.", nameof(key));
            }

            _midstate = Palisade.Admission.Integrity.HmacSha256Midstate.TryCreate(key.Secret);
            _hmac = _midstate is null ? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Secret) : null;
            // The covered bytes up to the topic never change for this publisher.
            _coveredHead = new byte[Domain.Length + 1 + _kid.Length + 2 + _topic.Length];
            var w = 0;
            Domain.CopyTo(_coveredHead, w);
            w += Domain.Length;
            _coveredHead[w++] = (byte)_kid.Length;
            _kid.CopyTo(_coveredHead, w);
            w += _kid.Length;
            BinaryPrimitives.WriteUInt16BigEndian(_coveredHead.AsSpan(w), (ushort)_topic.Length);
            _topic.CopyTo(_coveredHead, w + 2);
        }

        var bodyMax = jsonBody ? TelemetryBody.MaxLength : binaryPayloadSize;
        if (_midstate is not null)
        {
            _covered = new byte[_coveredHead.Length + 20 + bodyMax];
        }

        var envelopeMax = form switch
        {
            EnvelopeForm.Prefix => 21 + _kid.Length + TagSize,
            EnvelopeForm.Properties => 4 + (4 * 5) + KidName.Length + _kid.Length + SeqName.Length + 20 + TsName.Length + 20 + TagName.Length + TagBase64UrlSize,
            _ => 0,
        };
        MaxLength = 1 + 4 + 2 + _topic.Length + 2 + (protocolLevel == 5 ? 4 : 0) + envelopeMax + bodyMax;
    }

    public int MaxLength { get; }

    public int Qos { get; }

    /// <summary>When set, the envelope timestamp (Unix ms) of the following messages instead of the current time
    /// (<see cref="PresignedPublishSource"/> stamps its pool a few seconds ahead).</summary>
    public long? TimestampOverride { get; set; }

    /// <summary>The sequence number the next message will carry.</summary>
    public ulong NextSequence => _nextSequence;

    public int Write(Span<byte> destination, long clock, ushort packetId)
    {
        var sequence = _nextSequence++;
        var unixMs = _form == EnvelopeForm.None && !_json ? 0 : TimestampOverride ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bodyLength = _json
            ? TelemetryBody.Write(_body, _machine, clock, sequence, unixMs)
            : WriteBinaryBody(clock);
        var body = _body.AsSpan(0, bodyLength);

        Span<byte> tag = stackalloc byte[TagSize];
        if (_midstate is not null)
        {
            var covered = _covered.AsSpan();
            _coveredHead.CopyTo(covered);
            var c = _coveredHead.Length;
            BinaryPrimitives.WriteUInt64BigEndian(covered[c..], sequence);
            BinaryPrimitives.WriteInt64BigEndian(covered[(c + 8)..], unixMs);
            BinaryPrimitives.WriteUInt32BigEndian(covered[(c + 16)..], (uint)bodyLength);
            body.CopyTo(covered[(c + 20)..]);
            _midstate.Compute(covered[..(c + 20 + bodyLength)], tag);
        }
        else if (_hmac is not null)
        {
            Span<byte> fields = stackalloc byte[20];
            BinaryPrimitives.WriteUInt64BigEndian(fields, sequence);
            BinaryPrimitives.WriteInt64BigEndian(fields[8..], unixMs);
            BinaryPrimitives.WriteUInt32BigEndian(fields[16..], (uint)bodyLength);
            _hmac.AppendData(_coveredHead);
            _hmac.AppendData(fields);
            _hmac.AppendData(body);
            _hmac.GetHashAndReset(tag);
        }

        // Properties: the four user properties (5.0 envelope) or none.
        Span<byte> seqText = stackalloc byte[20];
        Span<byte> tsText = stackalloc byte[20];
        Span<byte> tagText = stackalloc byte[TagBase64UrlSize];
        var seqLength = 0;
        var tsLength = 0;
        var propertiesLength = 0;
        if (_form == EnvelopeForm.Properties)
        {
            sequence.TryFormat(seqText, out seqLength, default, CultureInfo.InvariantCulture);
            unixMs.TryFormat(tsText, out tsLength, default, CultureInfo.InvariantCulture);
            Base64Url.EncodeToUtf8(tag, tagText, out _, out _);
            propertiesLength = (4 * 5) + KidName.Length + _kid.Length + SeqName.Length + seqLength + TsName.Length + tsLength
                + TagName.Length + TagBase64UrlSize;
        }

        var payloadLength = bodyLength + (_form == EnvelopeForm.Prefix ? 21 + _kid.Length + TagSize : 0);
        var remaining = 2 + _topic.Length + (Qos > 0 ? 2 : 0)
            + (_protocolLevel == 5 ? VarIntSize(propertiesLength) + propertiesLength : 0) + payloadLength;

        var w = 0;
        destination[w++] = (byte)(0x30 | (Qos << 1));
        w += WriteVarInt(destination[w..], remaining);
        BinaryPrimitives.WriteUInt16BigEndian(destination[w..], (ushort)_topic.Length);
        w += 2;
        _topic.CopyTo(destination[w..]);
        w += _topic.Length;
        if (Qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[w..], packetId);
            w += 2;
        }

        if (_protocolLevel == 5)
        {
            w += WriteVarInt(destination[w..], propertiesLength);
            if (_form == EnvelopeForm.Properties)
            {
                w += WriteUserProperty(destination[w..], KidName, _kid);
                w += WriteUserProperty(destination[w..], SeqName, seqText[..seqLength]);
                w += WriteUserProperty(destination[w..], TsName, tsText[..tsLength]);
                w += WriteUserProperty(destination[w..], TagName, tagText);
            }
        }

        if (_form == EnvelopeForm.Prefix)
        {
            destination[w++] = 0x50;
            destination[w++] = 0x45;
            destination[w++] = 0x01;
            destination[w++] = (byte)_kid.Length;
            _kid.CopyTo(destination[w..]);
            w += _kid.Length;
            BinaryPrimitives.WriteUInt64BigEndian(destination[w..], sequence);
            BinaryPrimitives.WriteInt64BigEndian(destination[(w + 8)..], unixMs);
            w += 16;
            destination[w++] = TagSize;
            tag.CopyTo(destination[w..]);
            w += TagSize;
        }

        body.CopyTo(destination[w..]);
        return w + bodyLength;
    }

    public void Dispose() => _hmac?.Dispose();

    private int WriteBinaryBody(long clock)
    {
        var body = _body.AsSpan(0, _binarySize);
        body.Fill((byte)'P');
        BinaryPrimitives.WriteInt64LittleEndian(body, clock);
        return _binarySize;
    }

    private static int WriteUserProperty(Span<byte> destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        destination[0] = UserPropertyId;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)name.Length);
        name.CopyTo(destination[3..]);
        var w = 3 + name.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[w..], (ushort)value.Length);
        value.CopyTo(destination[(w + 2)..]);
        return w + 2 + value.Length;
    }

    private static int VarIntSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    private static int WriteVarInt(Span<byte> destination, int value)
    {
        var w = 0;
        do
        {
            var b = (byte)(value % 128);
            value /= 128;
            if (value > 0)
            {
                b |= 0x80;
            }

            destination[w++] = b;
        }
        while (value > 0);
        return w;
    }
}

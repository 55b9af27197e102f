using System.Buffers;
using System.Text;
using Palisade.Admission.Pipeline;

namespace Palisade.Admission.Integrity;

/// <summary>
/// Admission stage 4, integrity and authenticity of the payload (issue 5.1; docs/admission.md "The integrity
/// envelope"). Reads the envelope from the MQTT 5.0 user properties (<c>pal-kid</c>, <c>pal-seq</c>, <c>pal-ts</c>,
/// <c>pal-tag</c>) or, failing that, from a compact prefix on the payload ("PE" 0x01 ...), looks the key up by the
/// authenticated device id (never a device named by the message), and checks the tag over topic, key id, sequence,
/// timestamp and body with the key's own algorithm. On success <see cref="AdmissionContext.Envelope"/> holds the
/// verified facts and, for the compact form, <see cref="AdmissionContext.Body"/> the body after the prefix.
/// A message without an envelope passes unless <c>isRequired</c> says otherwise for it.
/// Thread-safe; on the admitted path it allocates only the key-id string of a user-property envelope (already
/// allocated by the codec) and nothing else for tag inputs up to 512 bytes (pooled beyond).
/// </summary>
public sealed class IntegrityStage : IAdmissionStage
{
    private readonly IDeviceKeyDirectory _keys;
    private readonly Func<AdmissionContext, bool> _isRequired;

    /// <param name="keys">The devices' keys.</param>
    /// <param name="isRequired">
    /// Whether a message without an envelope is refused (<c>integrity.missing</c>), decided by the host from the context
    /// (participant, device class, topic class); see <see cref="IntegrityRequirement"/>.
    /// </param>
    public IntegrityStage(IDeviceKeyDirectory keys, Func<AdmissionContext, bool> isRequired)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(isRequired);
        _keys = keys;
        _isRequired = isRequired;
    }

    /// <inheritdoc/>
    public string Name => "integrity";

    /// <summary>
    /// Verifies again, only to fill <see cref="AdmissionContext.Envelope"/> for the stages after this one (anti-replay
    /// releases the envelope's sequence); verification consumes nothing, so there is nothing to give back.
    /// </summary>
    public bool Abandon(AdmissionContext context)
    {
        Evaluate(context);
        return false;
    }

    /// <inheritdoc/>
    public StageVerdict Evaluate(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsV5 && context.Packet.UserProperties.Count > 0)
        {
            Span<byte> tag = stackalloc byte[EnvelopeFormat.MaxTagLength];
            var status = EnvelopeReader.ReadProperties(context.Packet.UserProperties, tag, out var keyId, out var sequence, out var timestamp, out var tagLength);
            if (status == EnvelopeReadStatus.Malformed)
            {
                return IntegrityRefusals.MalformedVerdict;
            }

            if (status == EnvelopeReadStatus.Present)
            {
                // User properties take precedence: the payload is then the body as it is, never read for a prefix.
                var key = _keys.Find(context.DeviceId, keyId);
                return Check(context, key, sequence, timestamp, context.Body.Span, tag[..tagLength]);
            }
        }

        var payload = context.Body;
        var prefixStatus = EnvelopeReader.ReadPrefix(payload.Span, out var prefix);
        switch (prefixStatus)
        {
            case EnvelopeReadStatus.Malformed:
                return IntegrityRefusals.MalformedVerdict;
            case EnvelopeReadStatus.Present:
                {
                    var span = payload.Span;
                    var key = FindAscii(context.DeviceId, span.Slice(PrefixEnvelope.KeyIdOffset, prefix.KeyIdLength));
                    var verdict = Check(context, key, prefix.Sequence, prefix.Timestamp, span[prefix.BodyOffset..], span.Slice(prefix.TagOffset, prefix.TagLength));
                    if (verdict.Admitted)
                    {
                        context.Body = payload[prefix.BodyOffset..];
                    }

                    return verdict;
                }

            default:
                return _isRequired(context) ? IntegrityRefusals.MissingVerdict : StageVerdict.Pass;
        }
    }

    private static StageVerdict Check(AdmissionContext context, DeviceKey? key, ulong sequence, long timestamp, ReadOnlySpan<byte> body, ReadOnlySpan<byte> tag)
    {
        if (key is null || !key.IsAcceptedAt(context.Now))
        {
            return IntegrityRefusals.UnknownKeyVerdict;
        }

        if (tag.Length != key.Algorithm.TagLength() || !VerifyTag(key, context.Topic, sequence, timestamp, body, tag))
        {
            return IntegrityRefusals.TagMismatchVerdict;
        }

        context.Envelope = new EnvelopeFacts(key.KeyId, sequence, DateTimeOffset.FromUnixTimeMilliseconds(timestamp));
        return StageVerdict.Pass;
    }

    private static bool VerifyTag(DeviceKey key, string topic, ulong sequence, long timestamp, ReadOnlySpan<byte> body, ReadOnlySpan<byte> tag)
    {
        var size = EnvelopeFormat.TagInputLength(key.KeyId.Length, Encoding.UTF8.GetMaxByteCount(topic.Length), body.Length);
        byte[]? rented = null;
        Span<byte> buffer = size <= EnvelopeFormat.StackLimit ? stackalloc byte[EnvelopeFormat.StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var written = EnvelopeFormat.WriteTagInput(buffer, key.KeyId, topic, sequence, timestamp, body);
            return key.Verifier.Verify(buffer[..written], tag);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Finds the key whose id equals the ASCII bytes of a compact prefix, without making a string of them.</summary>
    private DeviceKey? FindAscii(string deviceId, ReadOnlySpan<byte> keyId)
    {
        var keys = _keys.KeysOf(deviceId);
        for (var i = 0; i < keys.Count; i++)
        {
            var candidate = keys[i].KeyId;
            if (candidate.Length == keyId.Length && Ascii.Equals(keyId, candidate))
            {
                return keys[i];
            }
        }

        return null;
    }
}

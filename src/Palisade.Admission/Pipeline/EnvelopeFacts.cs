namespace Palisade.Admission.Pipeline;

/// <summary>
/// What a verified integrity envelope states (docs/admission.md, "The integrity envelope"): the key that made the
/// tag, the device's sequence number and its timestamp. Only set after the tag has been verified, so later stages
/// (anti-replay) can trust it.
/// </summary>
/// <param name="KeyId">Key id as provisioned for the device.</param>
/// <param name="Sequence">Device's monotonic sequence number (starts at 1, per device, across keys).</param>
/// <param name="Timestamp">Device's clock when it made the tag (Unix milliseconds on the wire).</param>
public readonly record struct EnvelopeFacts(string KeyId, ulong Sequence, DateTimeOffset Timestamp);

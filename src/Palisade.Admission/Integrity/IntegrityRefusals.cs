using Palisade.Admission.Pipeline;
using Palisade.Mqtt;

namespace Palisade.Admission.Integrity;

/// <summary>The integrity stage's refusal codes (audit and counters) and their verdicts, per docs/admission.md "Reason codes".</summary>
public static class IntegrityRefusals
{
    /// <summary>No envelope on a message whose device, participant or topic class requires one. 0x99.</summary>
    public const string Missing = "integrity.missing";

    /// <summary>An envelope that cannot be read (partial, duplicated, out-of-range or badly encoded field). 0x99.</summary>
    public const string Malformed = "integrity.malformed";

    /// <summary>Key id not provisioned for this device, retired, or retiring past its grace end. 0x87.</summary>
    public const string UnknownKey = "integrity.unknown-key";

    /// <summary>The tag does not match the message (topic, body, sequence, timestamp or key id altered, or wrong key). 0x87.</summary>
    public const string TagMismatch = "integrity.tag-mismatch";

    internal static StageVerdict MissingVerdict { get; } =
        StageVerdict.Refuse(ReasonCode.PayloadFormatInvalid, Missing, "integrity envelope required");

    internal static StageVerdict MalformedVerdict { get; } =
        StageVerdict.Refuse(ReasonCode.PayloadFormatInvalid, Malformed, "integrity envelope malformed");

    internal static StageVerdict UnknownKeyVerdict { get; } =
        StageVerdict.Refuse(ReasonCode.NotAuthorized, UnknownKey, "unknown or retired key");

    internal static StageVerdict TagMismatchVerdict { get; } =
        StageVerdict.Refuse(ReasonCode.NotAuthorized, TagMismatch, "integrity tag mismatch");
}

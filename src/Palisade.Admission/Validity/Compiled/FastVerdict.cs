namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// Answer of the compiled validator. Only <see cref="Valid"/> is acted on: it is given only when JsonSchema.Net 8.0.5
/// would certainly answer valid too. <see cref="Invalid"/> and <see cref="Unsure"/> both send the payload to
/// JsonSchema.Net, which decides and words the refusal, so refusals are the library's by construction.
/// </summary>
internal enum FastVerdict
{
    /// <summary>Certainly valid: admitted without JsonSchema.Net.</summary>
    Valid,

    /// <summary>A keyword failed (JsonSchema.Net decides again and names the failing location).</summary>
    Invalid,

    /// <summary>Outside what the compiled form models exactly (duplicate names, escapes it cannot check, number forms, not JSON...).</summary>
    Unsure,
}

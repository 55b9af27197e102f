namespace Palisade.Admission.Validity;

/// <summary>Stable refusal codes of the validity stages (docs/admission.md, "Reason codes"), for audit and counters.</summary>
public static class ValidityRefusals
{
    /// <summary>The payload is larger than its topic class allows.</summary>
    public const string Oversize = "validity.oversize";

    /// <summary>The payload is not JSON, or violates the JSON Schema of its topic class.</summary>
    public const string Schema = "validity.schema";

    /// <summary>The Sparkplug B payload does not decode, breaks a rule of the specification, or has no current birth.</summary>
    public const string Sparkplug = "validity.sparkplug";
}

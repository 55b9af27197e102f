namespace Palisade.LoadGen.Wire;

/// <summary>How a publisher carries the integrity envelope of docs/admission.md (or does not).</summary>
internal enum EnvelopeForm
{
    /// <summary>No envelope: the payload is sent as it is.</summary>
    None,

    /// <summary>MQTT 5.0 user properties pal-kid, pal-seq, pal-ts, pal-tag; the payload is untouched.</summary>
    Properties,

    /// <summary>The compact binary prefix ("PE", version 1, kid, sequence, timestamp, tag) before the payload.</summary>
    Prefix,
}

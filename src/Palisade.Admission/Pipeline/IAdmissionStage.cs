namespace Palisade.Admission.Pipeline;

/// <summary>
/// One step of the admission of a device's PUBLISH (integrity, anti-replay, validity, rate). Stages run in a fixed
/// order chosen by the host's pipeline; the first refusal ends the admission. Each stage is a small unit with its own
/// tests. Evaluate is synchronous and on the hot path: no I/O, no locks held across calls of other devices where it
/// can be avoided, no allocation on the admitted path where it can be avoided. A stage is shared by all connections
/// and must be thread-safe; publishes of one device arrive in order from one connection.
/// </summary>
public interface IAdmissionStage
{
    /// <summary>Short stable name, used in counters and audit records ("integrity", "replay", "validity", "rate").</summary>
    string Name { get; }

    StageVerdict Evaluate(AdmissionContext context);

    /// <summary>
    /// The message this stage admitted in <paramref name="context"/> (rebuilt from the same packet and identity) was not
    /// accepted downstream — the store refused it, so it was not acknowledged — and its publisher may send it again.
    /// A stage that consumed state for it gives that back (anti-replay: the sequence) and returns true; a stage that
    /// only reads (and fills <paramref name="context"/> for later stages, as integrity fills the envelope) may do so
    /// again. Stages are called in admission order. The default keeps everything (rate limits: the bytes were sent).
    /// </summary>
    bool Abandon(AdmissionContext context) => false;
}

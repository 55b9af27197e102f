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
}

namespace Palisade.Infrastructure.Audit;

/// <summary>
/// One security-relevant fact to record: who (actor) did what (action) to what (target), with which outcome and why,
/// from where. Never carries secrets or payloads. The writing node is stamped by the log.
/// </summary>
/// <param name="Time">When the decision was taken (stored as UTC).</param>
/// <param name="Actor">Who acted: "device:PARTICIPANT/ID", "application:PARTICIPANT/ID" (<see cref="AuditActor"/>), "client:CLIENTID" (not authenticated), "cli:USER", "palisade".</param>
/// <param name="Action">What: "connect", "subscribe", "publish", "device.add", "device.revoke", ...</param>
/// <param name="Target">What it was done to: a device, a topic, a filter.</param>
/// <param name="Outcome">One of <see cref="AuditOutcome"/>.</param>
/// <param name="Reason">Why (for refusals: the MQTT reason code and the detail).</param>
/// <param name="SourceAddress">The peer address, when a network peer was involved.</param>
internal sealed record AuditEvent(
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    string? Reason = null,
    string? SourceAddress = null);

using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Hooks;

/// <summary>
/// Admits or refuses each inbound PUBLISH before routing (edge: admission of what devices send — authorisation,
/// integrity, replay, validity, rate). On the hot path: implementations should complete synchronously when they can.
/// A refusal is answered with its reason code in PUBACK/PUBREC (5.0) or dropped (3.1.1), and the message is not routed.
/// Returning <see cref="PublishAdmissionResult.Disconnect"/> ends the connection with that reason.
/// </summary>
public interface IPublishAdmission
{
    ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken);

    /// <summary>
    /// An admitted QoS 1/2 <paramref name="publish"/> was not accepted after all: the message store refused it (failure,
    /// full queue, shutdown), so it was not acknowledged — 5.0 clients got the store's reason code, 3.1.1 clients lose
    /// the connection — and the publisher may send it again. Admission gives back what admitting it consumed (the
    /// envelope's anti-replay sequence), so that the resend is judged as the new message it is rather than refused as a
    /// replay. Called once per such message, on any thread, before its acknowledgement is sent. The default keeps nothing.
    /// </summary>
    void Abandon(ClientIdentity publisher, PublishPacket publish)
    {
    }
}

/// <summary>Outcome of <see cref="IPublishAdmission.AdmitAsync"/>.</summary>
public readonly record struct PublishAdmissionResult(bool Admitted, ReasonCode Reason, bool Disconnect, string? ReasonString)
{
    /// <summary>The class the admitted message is delivered and stored as (see <see cref="Hooks.TrafficClass"/>).</summary>
    public TrafficClass TrafficClass { get; init; }

    /// <summary>
    /// True for a QoS 1/2 resend (DUP) of a message admitted before: it was routed then, so it is not routed again; it
    /// is still handed to the store (which keeps one copy per message) and acknowledged when that completes, so the
    /// publisher learns the truth whichever of its copies the platform kept.
    /// </summary>
    public bool Retransmission { get; init; }

    public static PublishAdmissionResult Admit { get; } = new(true, ReasonCode.Success, false, null);
    public static PublishAdmissionResult AdmitControl { get; } = new(true, ReasonCode.Success, false, null) { TrafficClass = TrafficClass.Control };
    public static PublishAdmissionResult AdmitEvent { get; } = new(true, ReasonCode.Success, false, null) { TrafficClass = TrafficClass.Event };

    /// <summary>Admitted as <paramref name="trafficClass"/>; cached, allocation-free.</summary>
    public static PublishAdmissionResult AdmitAs(TrafficClass trafficClass) => trafficClass switch
    {
        TrafficClass.Control => AdmitControl,
        TrafficClass.Event => AdmitEvent,
        _ => Admit,
    };

    /// <summary>Admitted as the resend of a message admitted before (see <see cref="Retransmission"/>).</summary>
    public static PublishAdmissionResult AdmitRetransmission(TrafficClass trafficClass) =>
        new(true, ReasonCode.Success, false, null) { TrafficClass = trafficClass, Retransmission = true };

    public static PublishAdmissionResult Refuse(ReasonCode reason, string? reasonString = null) => new(false, reason, false, reasonString);
    public static PublishAdmissionResult RefuseAndDisconnect(ReasonCode reason, string? reasonString = null) => new(false, reason, true, reasonString);
}

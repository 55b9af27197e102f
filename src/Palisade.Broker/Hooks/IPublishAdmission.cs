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
}

/// <summary>Outcome of <see cref="IPublishAdmission.AdmitAsync"/>.</summary>
public readonly record struct PublishAdmissionResult(bool Admitted, ReasonCode Reason, bool Disconnect, string? ReasonString)
{
    /// <summary>The class the admitted message is delivered and stored as (see <see cref="Hooks.TrafficClass"/>).</summary>
    public TrafficClass TrafficClass { get; init; }

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

    public static PublishAdmissionResult Refuse(ReasonCode reason, string? reasonString = null) => new(false, reason, false, reasonString);
    public static PublishAdmissionResult RefuseAndDisconnect(ReasonCode reason, string? reasonString = null) => new(false, reason, true, reasonString);
}

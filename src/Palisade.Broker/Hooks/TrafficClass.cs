namespace Palisade.Broker.Hooks;

/// <summary>
/// The class of an admitted message, decided by <see cref="IPublishAdmission"/> from the topic class and the
/// participant's policy — never from anything the publisher claims (threat 6.2 j: bulk flow must not starve control).
/// Higher values are served first; under overload the lowest class is shed first and <see cref="Control"/> never.
/// The default (<see cref="Bulk"/>) is what an admission that does not classify gets, so nothing is promoted by accident.
/// </summary>
public enum TrafficClass : byte
{
    /// <summary>Bulk telemetry: measurements that the next sample supersedes. Shed first under overload.</summary>
    Bulk = 0,

    /// <summary>Events, alarms and state changes: rarer than telemetry and each one matters.</summary>
    Event = 1,

    /// <summary>Commands to devices (control flow). Served first and never shed.</summary>
    Control = 2,
}

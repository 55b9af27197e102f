namespace Palisade.Mqtt.Packets;

/// <summary>Retain Handling option of a subscription (5.0).</summary>
public enum RetainHandling : byte
{
    /// <summary>Send retained messages at the time of the subscribe.</summary>
    SendAtSubscribe = 0,
    /// <summary>Send retained messages only if the subscription did not exist before.</summary>
    SendAtSubscribeIfNew = 1,
    /// <summary>Do not send retained messages.</summary>
    DoNotSend = 2,
}

/// <summary>One topic filter of a SUBSCRIBE with its options.</summary>
public sealed record Subscription(
    string TopicFilter,
    QualityOfService MaximumQoS,
    bool NoLocal = false,
    bool RetainAsPublished = false,
    RetainHandling RetainHandling = RetainHandling.SendAtSubscribe);

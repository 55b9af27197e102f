namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// An edge node's <c>seq</c> did not follow its previous message (spec 3.0.0, 6.4.5): messages were lost or reordered
/// between the edge node and the broker (or were refused by an earlier stage). The message itself was admitted.
/// </summary>
/// <param name="GroupId">Sparkplug group id (the participant).</param>
/// <param name="EdgeNodeId">Edge node id (the device).</param>
/// <param name="DeviceId">Sub-device of the message, or null for node messages.</param>
/// <param name="MessageType">Type of the message that revealed the gap.</param>
/// <param name="Expected">The seq that should have come (previous + 1, modulo 256).</param>
/// <param name="Received">The seq that came.</param>
public readonly record struct SparkplugSequenceGap(string GroupId, string EdgeNodeId, string? DeviceId, SparkplugMessageType MessageType, byte Expected, byte Received)
{
    /// <summary>Messages missing between the previous one and this one, assuming loss rather than reordering (1..255).</summary>
    public int Missing => (Received - Expected + 256) % 256;

    /// <summary>The topic of the message that revealed the gap: <c>spBv1.0/{group}/{type}/{edge node}[/{device}]</c>.</summary>
    public string Topic => string.Concat(SparkplugTopic.NamespacePrefix, GroupId, "/", SparkplugTopic.TypeName(MessageType), "/", EdgeNodeId)
        + (DeviceId is null ? "" : "/" + DeviceId);
}

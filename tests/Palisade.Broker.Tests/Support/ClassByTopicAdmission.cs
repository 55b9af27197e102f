using Palisade.Broker.Hooks;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Support;

/// <summary>Admits everything, classifying by the first topic level: cmd → Control, evt → Event, anything else → Bulk.</summary>
internal sealed class ClassByTopicAdmission : IPublishAdmission
{
    public static ClassByTopicAdmission Instance { get; } = new();

    public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PublishAdmissionResult.AdmitAs(
            publish.Topic.StartsWith("cmd/", StringComparison.Ordinal) ? TrafficClass.Control
            : publish.Topic.StartsWith("evt/", StringComparison.Ordinal) ? TrafficClass.Event
            : TrafficClass.Bulk));
}

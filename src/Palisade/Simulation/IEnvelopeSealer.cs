using Palisade.Mqtt.Packets;

namespace Palisade.Simulation;

/// <summary>Seals a PUBLISH with the device's integrity envelope (docs/admission.md): user properties or a compact prefix.</summary>
internal interface IEnvelopeSealer
{
    void Seal(PublishPacket packet, ulong sequence, DateTimeOffset timestamp, bool compact);
}

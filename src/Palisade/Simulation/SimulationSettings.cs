using Palisade.Mqtt;

namespace Palisade.Simulation;

/// <summary>One simulation run, as parsed and checked from the command line.</summary>
internal sealed record SimulationSettings(
    string ParticipantId,
    SimulatorEndpoint Endpoint,
    MqttProtocolVersion Version,
    QualityOfService QoS,
    double Rate,
    TimeSpan? Duration,
    int MessagesPerDevice,
    IReadOnlyList<Misbehaviour> Misbehaviours,
    int MisbehaveEvery,
    int FloodBurst,
    int Seed);

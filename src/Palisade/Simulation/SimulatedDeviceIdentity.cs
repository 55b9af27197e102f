using System.Security.Cryptography.X509Certificates;

namespace Palisade.Simulation;

/// <summary>A simulated device's credentials: its id, its client certificate (null over plain TCP) and its envelope signer.</summary>
internal sealed record SimulatedDeviceIdentity(string DeviceId, X509Certificate2? Certificate, IEnvelopeSealer? Signer);

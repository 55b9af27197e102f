namespace Palisade.Simulation;

/// <summary>Loads a device's envelope key from the keys folder (format of `palisade device key add --out`).</summary>
internal static class EnvelopeKeyFiles
{
    public static IEnvelopeSealer? LoadSealer(string keysDir, string deviceId) =>
        throw new SimulateInputException("--keys", $"{keysDir}: envelope keys for {deviceId} cannot be read yet");
}

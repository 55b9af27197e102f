using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Simulation;

/// <summary>
/// Finds the devices to simulate: every <c>&lt;id&gt;.crt</c> + <c>&lt;id&gt;.key</c> pair in the devices folder (the
/// files `palisade device add --out` writes), in id order, optionally only the first N; with plain TCP and no folder,
/// N anonymous ids sim-0001... Each device's envelope key, when the keys folder holds one, becomes its sealer.
/// </summary>
internal static class SimulationIdentities
{
    public static IReadOnlyList<SimulatedDeviceIdentity> Load(string? devicesDir, string? keysDir, int? count, bool plainTcp)
    {
        if (count is < 1 or > 100_000)
        {
            throw new SimulateInputException("--count", "must be between 1 and 100000");
        }

        List<string> ids;
        if (devicesDir is null)
        {
            if (!plainTcp)
            {
                throw new SimulateInputException("--devices", "required over TLS: the folder with each device's certificate and key");
            }

            ids = [.. Enumerable.Range(1, count ?? 1).Select(i => "sim-" + i.ToString("D4", CultureInfo.InvariantCulture))];
        }
        else
        {
            if (!Directory.Exists(devicesDir))
            {
                throw new SimulateInputException("--devices", $"{devicesDir}: no such folder");
            }

            ids = [.. Directory.EnumerateFiles(devicesDir, "*.crt")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(id => id != "ca" && File.Exists(Path.Combine(devicesDir, id + ".key")))
                .Order(StringComparer.Ordinal)];
            if (ids.Count == 0)
            {
                throw new SimulateInputException("--devices", $"{devicesDir}: holds no <device>.crt with its <device>.key");
            }

            if (count is { } n)
            {
                ids = [.. ids.Take(n)];
            }
        }

        if (keysDir is not null && !Directory.Exists(keysDir))
        {
            throw new SimulateInputException("--keys", $"{keysDir}: no such folder");
        }

        var identities = new List<SimulatedDeviceIdentity>(ids.Count);
        foreach (var id in ids)
        {
            X509Certificate2? certificate = null;
            if (devicesDir is not null && !plainTcp)
            {
                var crt = Path.Combine(devicesDir, id + ".crt");
                try
                {
                    certificate = X509Certificate2.CreateFromPemFile(crt, Path.Combine(devicesDir, id + ".key"));
                }
                catch (CryptographicException ex)
                {
                    throw new SimulateInputException("--devices", $"{crt}: cannot load the certificate with its key ({ex.Message})");
                }
            }

            identities.Add(new SimulatedDeviceIdentity(id, certificate, keysDir is null ? null : EnvelopeKeyFiles.LoadSealer(keysDir, id)));
        }

        return identities;
    }
}

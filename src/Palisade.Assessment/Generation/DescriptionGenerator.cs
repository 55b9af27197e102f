using System.Globalization;
using Palisade.Assessment.Description;

namespace Palisade.Assessment.Generation;

/// <summary>
/// Builds a large, plausible description in memory for benchmarks and scale tests: several participants with a
/// plant each (field cells of about 500 assets, a production and an office zone), two cloud regions, a mix of asset
/// kinds and capabilities, and flows that mostly stay in a cell, go up to the cloud or come down as commands.
/// Deterministic: the same sizes always give the same description (a counter-based hash, not a random generator).
/// </summary>
internal static class DescriptionGenerator
{
    private const int AssetsPerCell = 500;
    private static readonly string[] Jurisdictions = ["DE", "FR", "CN", "US", "JP", "BR"];

    public static IipDescription Generate(int assetCount, int flowCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assetCount, 10);
        ArgumentOutOfRangeException.ThrowIfNegative(flowCount);
        var inv = CultureInfo.InvariantCulture;
        var tenants = Math.Max(2, assetCount / 5_000);
        var participants = new List<Participant>(tenants + 1) { new("platform-op", "Platform operator", "DE", true) };
        var sites = new List<Site>(tenants);
        var zones = new List<Zone>
        {
            new("cloud-eu", "Cloud EU", ZoneKind.Cloud, null, "DE", null, false),
            new("cloud-us", "Cloud US", ZoneKind.Cloud, null, "US", null, false),
        };
        var boundaries = new List<Boundary>();
        for (var t = 0; t < tenants; t++)
        {
            var jurisdiction = Jurisdictions[t % Jurisdictions.Length];
            participants.Add(new Participant($"tenant-{t}", null, jurisdiction, false));
            sites.Add(new Site($"site-{t}", null, $"tenant-{t}", jurisdiction));
            zones.Add(new Zone($"prod-{t}", null, ZoneKind.Production, $"site-{t}", null, 2, t % 2 == 0));
            zones.Add(new Zone($"office-{t}", null, ZoneKind.Office, $"site-{t}", null, null, false));
            boundaries.Add(new Boundary($"b-prod-office-{t}", [$"prod-{t}", $"office-{t}"], null, t % 3 != 0));
        }

        // Field cells are spread over the tenants; each cell is its own zone.
        var cells = Math.Max(tenants, assetCount / AssetsPerCell);
        for (var c = 0; c < cells; c++)
        {
            var t = c % tenants;
            zones.Add(new Zone($"cell-{c}", null, ZoneKind.Field, $"site-{t}", null, 3, c % 4 == 0));
        }

        var assets = new List<Asset>(assetCount);
        for (var i = 0; i < assetCount; i++)
        {
            var h = Hash((ulong)i);
            var cell = i / AssetsPerCell % cells;
            var tenant = cell % tenants;
            var (kind, zone, owner) = (h % 100) switch
            {
                < 40 => (AssetKind.Sensor, $"cell-{cell}", $"tenant-{tenant}"),
                < 48 => (AssetKind.Actuator, $"cell-{cell}", $"tenant-{tenant}"),
                < 58 => (AssetKind.Plc, $"cell-{cell}", $"tenant-{tenant}"),
                < 66 => (AssetKind.Gateway, $"cell-{cell}", $"tenant-{tenant}"),
                < 70 => (AssetKind.EdgePlatform, $"prod-{tenant}", $"tenant-{tenant}"),
                < 77 => (AssetKind.Host, $"prod-{tenant}", $"tenant-{tenant}"),
                < 81 => (AssetKind.Server, $"office-{tenant}", $"tenant-{tenant}"),
                < 86 => (AssetKind.NetworkDevice, $"prod-{tenant}", $"tenant-{tenant}"),
                < 88 => (AssetKind.Robot, $"cell-{cell}", $"tenant-{tenant}"),
                < 94 => (AssetKind.Application, (h >> 8) % 4 == 0 ? "cloud-us" : "cloud-eu", (h >> 10) % 3 == 0 ? "platform-op" : $"tenant-{tenant}"),
                _ => (AssetKind.CloudService, (h >> 8) % 4 == 0 ? "cloud-us" : "cloud-eu", "platform-op"),
            };
            var bits = h >> 16;
            var capabilities = new AssetCapabilities(
                Tls: Bit(bits, 0, 2),
                Certificates: Bit(bits, 2, 2),
                Signing: Bit(bits, 4, 2),
                Wireless: kind is AssetKind.Sensor or AssetKind.Robot && Bit(bits, 6, 2),
                LegacyProtocol: kind is AssetKind.Plc or AssetKind.Host && Bit(bits, 8, 3),
                DefaultCredentialsChanged: !Bit(bits, 11, 3),
                ResourceConstrained: kind is AssetKind.Sensor or AssetKind.Actuator && Bit(bits, 14, 1),
                StoresSensitiveData: Bit(bits, 15, 3),
                EmcShielded: Bit(bits, 18, 2),
                Mobile: kind == AssetKind.Robot,
                RemoteMaintenance: Bit(bits, 20, 1),
                Redundant: Bit(bits, 21, 2),
                Patchable: !Bit(bits, 23, 4));
            // bits has 48 useful bits; the fields below draw from a second hash.
            var more = Hash(h);
            var stage = ((bits >> 27) % 50) switch
            {
                0 => LifeCycleStage.Retirement,
                1 or 2 => LifeCycleStage.DevelopmentProduction,
                _ => LifeCycleStage.UtilizationSupport,
            };
            var os = kind is AssetKind.Host or AssetKind.Server
                ? new OperatingSystemInfo("Windows 10", "1809", new DateOnly(2020 + (int)(more % 10), 6, 30))
                : null;
            assets.Add(new Asset(
                string.Create(inv, $"a{i}"),
                null,
                kind,
                owner,
                zone,
                DescriptionLoader.DefaultDomain(kind),
                stage,
                "Vendor " + ((more >> 4) % 40).ToString(inv),
                "Model " + ((more >> 10) % 200).ToString(inv),
                (more >> 18) % 10 == 0 ? null : "1." + ((more >> 22) % 9).ToString(inv),
                (more >> 26) % 16 == 0 ? ["OEM " + ((more >> 4) % 40).ToString(inv)] : [],
                kind == AssetKind.Application ? ((more >> 30) % 2 == 0 ? owner : null) : null,
                (more >> 32) % 4 == 0 ? new DateOnly(2025, 1, 1) : null,
                os,
                capabilities));
        }

        var flows = new List<DataFlow>(flowCount);
        for (var f = 0; f < flowCount; f++)
        {
            var h = Hash(0x9E37_79B9_0000_0000UL ^ (ulong)f);
            var from = (int)(h % (ulong)assetCount);
            var to = ((h >> 24) % 10UL) switch
            {
                < 5 => (from / AssetsPerCell * AssetsPerCell) + (int)((h >> 32) % (ulong)AssetsPerCell),
                < 8 => CloudSide(assets, (int)((h >> 32) % (ulong)assetCount)),
                _ => (int)((h >> 32) % (ulong)assetCount),
            };
            to = Math.Min(to, assetCount - 1);
            if (to == from)
            {
                to = (from + 1) % assetCount;
            }

            var dataClass = (DataClass)((h >> 40) % 5);
            var secure = (h >> 44) % 3 != 0;
            flows.Add(new DataFlow(
                string.Create(inv, $"f{f}"),
                assets[from].Id,
                assets[to].Id,
                "mqtt",
                secure,
                secure || (h >> 46) % 2 == 0,
                secure,
                dataClass,
                false,
                (FlowVolume)((h >> 48) % 3)));
        }

        var controls = new List<DeclaredControl>
        {
            new("control.8.2.4.a", true, [], "Device enrolment register (generated)", null),
            new("control.8.2.5.a", false, ["zone:cell-0", "zone:cloud-eu"], "Payload MAC verification (generated)", null),
            new("control.8.2.5.f", false, ["zone:cell-0"], "Relay-attack test report (generated)", null),
            new("control.8.2.6.1.c", false, ["site:site-0"], "Password audit (generated)", null),
            new("control.8.2.6.1.a", false, ["site:site-0"], "User directory review (generated)", null),
        };
        var tracking = new List<TrackingEntry>
        {
            new("threat.6.2.i@flow:*", TrackingStatus.Accepted, "Generated decision", "ciso", new DateOnly(2026, 1, 1)),
            new("threat.6.2.g.4@asset:a1*", TrackingStatus.Mitigated, "Generated decision", "it", null),
        };
        return new IipDescription(
            string.Create(inv, $"Generated IIP ({assetCount} assets, {flowCount} flows)"),
            "generated.yaml",
            new DateOnly(2026, 11, 25),
            participants,
            sites,
            zones,
            boundaries,
            assets,
            flows,
            [new ScenarioUse("scenario.7.4.2", []), new ScenarioUse("scenario.7.4.5", [])],
            controls,
            tracking);
    }

    /// <summary>Generates a description and writes it as a YAML file (for benchmarks of loading, and for trying the CLI at scale).</summary>
    public static void WriteYaml(string path, int assetCount, int flowCount)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        DescriptionYamlWriter.Write(Generate(assetCount, flowCount), writer);
    }

    /// <summary>The first cloud-side asset at or after <paramref name="start"/> (bounded probe, wraps around).</summary>
    private static int CloudSide(List<Asset> assets, int start)
    {
        for (var probe = 0; probe < 64; probe++)
        {
            var i = (start + probe) % assets.Count;
            if (assets[i].Zone.StartsWith("cloud-", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return start;
    }

    /// <summary>True about once in <paramref name="odds"/> + 1 cases.</summary>
    private static bool Bit(ulong bits, int shift, int odds) => (bits >> shift) % (ulong)(odds + 1) == 0;

    /// <summary>SplitMix64: a well-mixed hash of a counter, so the generator needs no random-number generator.</summary>
    private static ulong Hash(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Admission.Integrity;
using Palisade.Edge.Integrity;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Storage;

namespace Palisade.Cli;

/// <summary>
/// <c>palisade device key add|rotate|list|retire</c>: the keys a device makes its integrity envelope with
/// (docs/admission.md, "Keys and rotation"). hs256 secrets are generated here and only ever written to a 0600 file
/// in --out (never printed); for ed25519 and es256 the device's public key is given with --public-key, or a pair is
/// generated and the private key written 0600 to --out. Every change is one registry transaction (key files are
/// written inside it and removed again if it fails) and is audited; a running broker picks it up within a second.
/// </summary>
internal static partial class DeviceKeyCommand
{
    private static readonly TimeSpan MaxGrace = TimeSpan.FromDays(365);

    internal static Command Create()
    {
        var command = new Command("key", "Integrity keys of a device: add, rotate, list, retire");
        command.Subcommands.Add(CreateAddOrRotate(rotate: false));
        command.Subcommands.Add(CreateAddOrRotate(rotate: true));
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRetire());
        return command;
    }

    private static Command CreateAddOrRotate(bool rotate)
    {
        var data = IdentityCli.DataOption();
        var device = new Argument<string>("DEVICE") { Description = "Device id" };
        var participant = new Option<string?>("--participant") { Description = "The device's participant" };
        var alg = new Option<string?>("--alg") { Description = "Key algorithm: hs256 (HMAC-SHA256 shared secret), ed25519 or es256 (ECDSA P-256)" };
        var publicKey = new Option<string?>("--public-key") { Description = "ed25519/es256: the device's public key (PEM SubjectPublicKeyInfo, or 32 raw bytes for Ed25519)" };
        var outDir = new Option<string?>("--out") { Description = "Folder for the generated key: <kid>.key (0600; the hs256 secret or the private key) and <kid>.pub" };
        var kid = new Option<string?>("--kid") { Description = "Key id (default k1, k2, ... per device; 1-64 of letters, digits, '.', '_', '-')" };
        var grace = new Option<string?>("--grace") { Description = "How long the previous key stays accepted, e.g. 7d, 12h, 30m, 0 (default 7d)" };
        var name = rotate ? "rotate" : "add";
        var action = rotate ? "device.key.rotate" : "device.key.add";
        var command = rotate
            ? new Command("rotate", "Add a new active key; the previous active key stays accepted until now + grace") { device, participant, alg, publicKey, outDir, kid, grace, data }
            : new Command("add", "Add an integrity key to a device") { device, participant, alg, publicKey, outDir, kid, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device key " + name, action, ctx =>
        {
            var deviceId = parseResult.GetValue(device) ?? "";
            var target = "device:" + deviceId;
            var participantId = parseResult.GetValue(participant) ?? throw new RegistryException("participant", null, "required");
            var algText = parseResult.GetValue(alg) ?? throw new RegistryException("alg", null, "required: hs256, ed25519 or es256");
            if (!KeyAlgorithmNames.TryParse(algText, out var algorithm))
            {
                throw new RegistryException("alg", algText, "must be hs256, ed25519 or es256");
            }

            var publicKeyFile = parseResult.GetValue(publicKey);
            var outPath = parseResult.GetValue(outDir);
            TimeSpan? graceTime = rotate ? ParseGrace(parseResult.GetValue(grace)) : null;
            if (algorithm == KeyAlgorithm.HmacSha256 && publicKeyFile is not null)
            {
                throw new RegistryException("public-key", publicKeyFile, "does not apply to hs256: the shared secret is generated here and written to --out");
            }

            if (publicKeyFile is not null && outPath is not null)
            {
                throw new CliRefusal("--public-key and --out exclude each other: give the device's public key, or generate a pair into --out", target);
            }

            if (publicKeyFile is null && outPath is null)
            {
                throw new RegistryException("out", null, algorithm == KeyAlgorithm.HmacSha256
                    ? "required for hs256: the folder the generated secret is written to (it is never printed)"
                    : "required unless --public-key is given: the folder the generated private key is written to");
            }

            byte[] material;
            DeviceKeyMaterial.Generated? generated = null;
            if (publicKeyFile is not null)
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(publicKeyFile);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new RegistryException("public-key", publicKeyFile, "cannot be read");
                }

                material = DeviceKeyMaterial.ReadPublicKey(algorithm, bytes, out var problem)
                    ?? throw new RegistryException("public-key", publicKeyFile, problem ?? "not a public key");
            }
            else
            {
                generated = DeviceKeyMaterial.Generate(algorithm);
                material = generated.Material;
            }

            using (generated)
            {
                var written = new List<string>();
                DeviceKeyRecord added;
                using var registry = RegistryStore.Open(ctx.Data);
                var before = registry.ListDeviceKeys(deviceId).Where(k => k.State == DeviceKeyState.Active).Select(k => k.KeyId).ToList();
                try
                {
                    added = registry.AddDeviceKey(deviceId, participantId, parseResult.GetValue(kid), algorithm, material, ctx.Now, graceTime,
                        generated is null ? null : k => WriteKeyFiles(outPath!, k, generated, written));
                }
                catch
                {
                    // The transaction rolled back; the files written for it must go too (nothing half-applied).
                    foreach (var path in written)
                    {
                        File.Delete(path);
                    }

                    throw;
                }
                finally
                {
                    if (algorithm == KeyAlgorithm.HmacSha256)
                    {
                        System.Security.Cryptography.CryptographicOperations.ZeroMemory(material);
                    }
                }

                var previous = rotate
                    ? "; previous " + string.Join(",", before) + (graceTime > TimeSpan.Zero ? $" retiring until {AuditChain.FormatTime(ctx.Now + graceTime.Value)}" : " retired")
                    : "";
                var detail = $"participant {participantId}; key {added.KeyId} {algorithm.ToName()}" + (added.Fingerprint is { } fp ? " " + fp : "")
                    + (publicKeyFile is not null ? "; device's public key" : "; generated") + previous;
                IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, action, target, AuditOutcome.Success, detail));
                ctx.Output.WriteLine($"device {deviceId}: key {added.KeyId} ({algorithm.ToName()}) {(rotate ? "rotated in" : "added")}, active{previous}");
                if (generated is not null)
                {
                    ctx.Output.WriteLine(algorithm == KeyAlgorithm.HmacSha256
                        ? $"wrote the secret to {Path.Combine(outPath!, added.KeyId + ".key")} (0600); install it on the device; it is never printed"
                        : $"wrote the private key to {Path.Combine(outPath!, added.KeyId + ".key")} (0600) and the public key to {added.KeyId}.pub; install the private key on the device");
                }
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var data = IdentityCli.DataOption();
        var device = new Argument<string>("DEVICE") { Description = "Device id" };
        var participant = new Option<string?>("--participant") { Description = "The device's participant" };
        var command = new Command("list", "List a device's keys (id, algorithm, state, fingerprint; never a secret)") { device, participant, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device key list", "device.key.list", ctx =>
        {
            var deviceId = parseResult.GetValue(device) ?? "";
            var participantId = parseResult.GetValue(participant) ?? throw new RegistryException("participant", null, "required");
            using var registry = RegistryStore.Open(ctx.Data);
            var d = registry.FindDevice(deviceId) ?? throw new RegistryException("DEVICE", deviceId, "no such device");
            if (d.ParticipantId != participantId)
            {
                throw new RegistryException("participant", participantId, $"device '{deviceId}' belongs to another participant");
            }

            foreach (var k in registry.ListDeviceKeys(deviceId))
            {
                ctx.Output.WriteLine(Describe(k, ctx.Now, '\t'));
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateRetire()
    {
        var data = IdentityCli.DataOption();
        var device = new Argument<string>("DEVICE") { Description = "Device id" };
        var kid = new Argument<string>("KID") { Description = "Key id" };
        var command = new Command("retire", "Retire a key now: messages made with it are refused from now on") { device, kid, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device key retire", "device.key.retire", ctx =>
        {
            var deviceId = parseResult.GetValue(device) ?? "";
            var keyId = parseResult.GetValue(kid) ?? "";
            using var registry = RegistryStore.Open(ctx.Data);
            var retired = registry.RetireDeviceKey(deviceId, keyId, ctx.Now);
            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "device.key.retire", "device:" + deviceId, AuditOutcome.Success,
                $"participant {retired.ParticipantId}; key {keyId} {retired.Algorithm.ToName()} retired"));
            ctx.Output.WriteLine($"device {deviceId}: key {keyId} retired");
            return IdentityCli.Ok;
        }));
        return command;
    }

    /// <summary>One line per key: id, algorithm, state (with grace end), created, fingerprint of a public key. Never the secret.</summary>
    internal static string Describe(DeviceKeyRecord key, DateTimeOffset now, char separator = ' ')
    {
        var state = key.State switch
        {
            DeviceKeyState.Active => "active",
            DeviceKeyState.Retiring when key.RetiringUntil > now => "retiring until " + AuditChain.FormatTime(key.RetiringUntil!.Value),
            DeviceKeyState.Retiring => "retiring, grace ended " + AuditChain.FormatTime(key.RetiringUntil!.Value),
            _ => "retired",
        };
        return string.Join(separator, key.KeyId, key.Algorithm.ToName(), state, "created " + AuditChain.FormatTime(key.CreatedUtc), key.Fingerprint ?? "secret");
    }

    /// <summary>7d, 12h, 30m, 45s or 0; default 7 days; at most 365 days.</summary>
    internal static TimeSpan ParseGrace(string? text)
    {
        if (text is null)
        {
            return TimeSpan.FromDays(7);
        }

        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        var match = GracePattern().Match(text);
        if (!match.Success)
        {
            throw new RegistryException("grace", text, "must be a number with d, h, m or s (e.g. 7d, 12h), or 0");
        }

        var n = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var grace = match.Groups[2].Value switch
        {
            "d" => TimeSpan.FromDays(n),
            "h" => TimeSpan.FromHours(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromSeconds(n),
        };
        return grace <= MaxGrace ? grace : throw new RegistryException("grace", text, "at most 365d");
    }

    private static void WriteKeyFiles(string outPath, string keyId, DeviceKeyMaterial.Generated generated, List<string> written)
    {
        try
        {
            if (!Directory.Exists(outPath))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(outPath);
                }
                else
                {
                    Directory.CreateDirectory(outPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var keyPath = Path.Combine(outPath, keyId + ".key");
            if (File.Exists(keyPath))
            {
                throw new RegistryException("out", outPath, $"already holds {keyId}.key; refusing to overwrite");
            }

            OwnerOnlyFile.WriteNew(keyPath, generated.PrivateKeyFile);
            written.Add(keyPath);
            if (generated.PublicKeyFile is not null)
            {
                var pubPath = Path.Combine(outPath, keyId + ".pub");
                using (var stream = new FileStream(pubPath, FileMode.CreateNew, FileAccess.Write))
                {
                    written.Add(pubPath);
                    stream.Write(generated.PublicKeyFile);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException("out", outPath, "cannot write the key files: " + ex.Message);
        }
    }

    [GeneratedRegex("^([0-9]{1,6})([dhms])$", RegexOptions.CultureInvariant)]
    private static partial Regex GracePattern();
}

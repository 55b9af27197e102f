using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Platform.Participants;

namespace Palisade.Cli;

/// <summary>
/// <c>palisade device add|list|show|revoke</c>. A device gets exactly one way to prove itself:
/// --csr FILE (certificate from the platform CA for a key the device keeps), --out DIR alone (key pair generated
/// here and written there), --secret (generated secret, shown once), --import-secret-file FILE (a legacy secret,
/// refused if weak), or nothing when its participant registered its own CA.
/// A secret chosen on the command line is deliberately not offered: it would end up in shell history and be weak.
/// </summary>
internal static class DeviceCommand
{
    internal static Command Create()
    {
        var command = new Command("device", "Devices: registration, certificates, secrets, revocation");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateRevoke());
        command.Subcommands.Add(DeviceKeyCommand.Create());
        return command;
    }

    private static Command CreateAdd()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Device id: also its MQTT client id and topic level (letters, digits, '.', '_', '-'); never reusable" };
        var participant = new Option<string?>("--participant") { Description = "The participant the device belongs to" };
        var csr = new Option<string?>("--csr") { Description = "PEM PKCS#10 request: issue a certificate for the device's own key" };
        var outDir = new Option<string?>("--out") { Description = "Folder for the issued certificate (with --csr), or for a generated key pair + certificate + CA certificate" };
        var secret = new Option<bool>("--secret") { Description = "Generate a secret for a device that cannot hold a certificate (shown once)" };
        var importSecret = new Option<string?>("--import-secret-file") { Description = "File holding an existing device secret to import (refused if weak or a known default)" };
        var allow = new Option<string[]>("--allow") { Description = "Source address or CIDR range the device may connect from (repeatable; none = any)" };
        var validityDays = new Option<int>("--validity-days") { Description = "Certificate validity in days", DefaultValueFactory = _ => 90 };
        var deviceClass = new Option<string?>("--class") { Description = "Device class for admission policy, e.g. plc, sensor (may require an integrity envelope)" };
        var command = new Command("add", "Register a device") { id, participant, csr, outDir, secret, importSecret, allow, validityDays, deviceClass, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device add", "device.add", ctx =>
        {
            var deviceId = parseResult.GetValue(id) ?? "";
            var participantId = parseResult.GetValue(participant) ?? throw new RegistryException("participant", null, "required");
            var csrFile = parseResult.GetValue(csr);
            var outPath = parseResult.GetValue(outDir);
            var wantSecret = parseResult.GetValue(secret);
            var importFile = parseResult.GetValue(importSecret);
            var days = parseResult.GetValue(validityDays);
            var className = parseResult.GetValue(deviceClass);
            RegistryStore.CheckDeviceClass(className);
            var target = "device:" + deviceId;
            if ((csrFile is not null ? 1 : 0) + (wantSecret ? 1 : 0) + (importFile is not null ? 1 : 0) > 1)
            {
                throw new CliRefusal("--csr, --secret and --import-secret-file exclude each other: choose one credential", target);
            }

            if (outPath is not null && (wantSecret || importFile is not null))
            {
                throw new CliRefusal("--out is for certificates; it cannot be combined with --secret or --import-secret-file", target);
            }

            if (days is < 1 or > 825)
            {
                throw new RegistryException("validity-days", days.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 1..825");
            }

            var allowlist = new List<CidrRange>();
            foreach (var text in parseResult.GetValue(allow) ?? [])
            {
                if (!CidrRange.TryParse(text, out var range, out var problem))
                {
                    throw new RegistryException("allow", text, problem ?? "not an address range");
                }

                allowlist.Add(range);
            }

            // Check what can be checked before touching the CA or the registry.
            using var registry = RegistryStore.Open(ctx.Data);
            if (registry.FindParticipant(participantId) is null)
            {
                throw new RegistryException("participant", participantId, "no such participant");
            }

            if (outPath is not null && csrFile is null)
            {
                foreach (var name in new[] { deviceId + ".key", deviceId + ".crt" })
                {
                    if (File.Exists(Path.Combine(outPath, name)))
                    {
                        throw new RegistryException("out", outPath, $"already holds {name}; refusing to overwrite");
                    }
                }
            }

            var credential = NewCredential.None;
            string? shownSecret = null;
            string credentialText;
            Action? writeFiles = null;
            if (csrFile is not null || outPath is not null)
            {
                using var ca = PlatformCa.LoadOrCreate(ctx.Data);
                System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
                ECDsa? key = null;
                if (csrFile is not null)
                {
                    string pem;
                    try
                    {
                        pem = File.ReadAllText(csrFile);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        throw new RegistryException("csr", csrFile, "cannot be read");
                    }

                    try
                    {
                        certificate = ca.IssueFromCsr(pem, participantId, deviceId, TimeSpan.FromDays(days), ctx.Now);
                    }
                    catch (Exception ex) when (ex is CryptographicException or ArgumentException)
                    {
                        throw new RegistryException("csr", csrFile, "not a valid, correctly signed PKCS#10 request with an acceptable key (" + ex.Message + ")");
                    }
                }
                else
                {
                    (certificate, key) = ca.IssueWithNewKey(participantId, deviceId, TimeSpan.FromDays(days), ctx.Now);
                }

                using (certificate)
                using (key)
                {
                    credential = new NewCredential(CertificateFacts.Thumbprint(certificate), PlatformCa.SerialHex(certificate), ca.Thumbprint,
                        new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
                    credentialText = $"certificate serial {certificate.SerialNumber}, sha256 {credential.CertificateThumbprint}, valid until {credential.NotAfter:O}";
                    var certPem = PlatformCa.ToPem(certificate);
                    var caPem = PlatformCa.ToPem(ca.Certificate);
                    var keyPem = key?.ExportPkcs8PrivateKeyPem();
                    if (outPath is not null)
                    {
                        writeFiles = () => WriteOutFiles(outPath, deviceId, certPem, caPem, keyPem);
                    }
                    else
                    {
                        writeFiles = () => ctx.Output.Write(certPem);
                    }
                }
            }
            else if (wantSecret)
            {
                shownSecret = SecretHasher.Generate();
                credential = new NewCredential(Secret: SecretHasher.Hash(shownSecret));
                credentialText = "generated secret";
            }
            else if (importFile is not null)
            {
                string imported;
                try
                {
                    imported = File.ReadAllText(importFile).TrimEnd('\r', '\n');
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new RegistryException("import-secret-file", importFile, "cannot be read");
                }

                if (WeakSecretPolicy.Problem(imported, deviceId, participantId) is { } weak)
                {
                    throw new RegistryException("import-secret-file", importFile, "secret refused: " + weak);
                }

                credential = new NewCredential(Secret: SecretHasher.Hash(imported));
                credentialText = "imported secret";
            }
            else
            {
                credentialText = "certificate from the participant's CA";
            }

            registry.AddDevice(deviceId, participantId, credential, allowlist, ctx.Now, writeFiles, className);
            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "device.add", target, AuditOutcome.Success,
                $"participant {participantId}; {credentialText}" + (allowlist.Count > 0 ? "; allow " + string.Join(",", allowlist) : "")
                + (className is null ? "" : "; class " + className)));
            if (outPath is not null)
            {
                ctx.Error.WriteLine($"device {deviceId} added to {participantId}: wrote {(csrFile is null ? deviceId + ".key (0600), " : "")}{deviceId}.crt and ca.crt to {outPath}");
            }
            else if (csrFile is not null)
            {
                ctx.Error.WriteLine($"device {deviceId} added to {participantId}: certificate above");
            }
            else if (shownSecret is not null)
            {
                ctx.Output.WriteLine($"device {deviceId} added to {participantId}");
                ctx.Output.WriteLine($"secret: {shownSecret}");
                ctx.Output.WriteLine("This secret is shown once and stored only as a hash. Connect over TLS with user name = device id, password = secret.");
            }
            else
            {
                ctx.Output.WriteLine($"device {deviceId} added to {participantId} ({credentialText})");
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static void WriteOutFiles(string outPath, string deviceId, string certPem, string caPem, string? keyPem)
    {
        var written = new List<string>();
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

            if (keyPem is not null)
            {
                var keyPath = Path.Combine(outPath, deviceId + ".key");
                OwnerOnlyFile.WriteNew(keyPath, Encoding.ASCII.GetBytes(keyPem));
                written.Add(keyPath);
            }

            var certPath = Path.Combine(outPath, deviceId + ".crt");
            File.WriteAllText(certPath, certPem);
            written.Add(certPath);
            File.WriteAllText(Path.Combine(outPath, "ca.crt"), caPem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Undo what was written: the registry transaction rolls back too, so nothing is half-applied.
            foreach (var path in written)
            {
                File.Delete(path);
            }

            throw new RegistryException("out", outPath, "cannot write the files: " + ex.Message);
        }
    }

    private static Command CreateList()
    {
        var data = IdentityCli.DataOption();
        var participant = new Option<string?>("--participant") { Description = "Only this participant's devices" };
        var command = new Command("list", "List devices") { participant, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device list", "device.list", ctx =>
        {
            using var registry = RegistryStore.Open(ctx.Data);
            foreach (var d in registry.ListDevices(parseResult.GetValue(participant)))
            {
                ctx.Output.WriteLine($"{d.Id}\t{d.ParticipantId}\t{d.State.ToText()}\t{Describe(d)}");
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Device id" };
        var command = new Command("show", "Show one device: state, credentials, allowlist") { id, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device show", "device.show", ctx =>
        {
            var deviceId = parseResult.GetValue(id) ?? "";
            using var registry = RegistryStore.Open(ctx.Data);
            var d = registry.FindDevice(deviceId) ?? throw new RegistryException("id", deviceId, "no such device");
            var o = ctx.Output;
            o.WriteLine($"device:      {d.Id}");
            o.WriteLine($"participant: {d.ParticipantId}");
            o.WriteLine($"state:       {d.State.ToText()}" + (d.StateReason is null ? "" : $" ({d.StateReason})"));
            o.WriteLine($"class:       {d.Class ?? "-"}");
            o.WriteLine($"created:     {AuditChain.FormatTime(d.CreatedUtc)}");
            o.WriteLine($"topics:      publish {TopicNamespace.DeviceTopic(d.ParticipantId, d.Id, "{telemetry|events|state}")}/...; subscribe {TopicNamespace.DeviceTopic(d.ParticipantId, d.Id, TopicNamespace.Commands)}/#");
            o.WriteLine($"allowlist:   {(d.Allowlist.Count == 0 ? "any address" : string.Join(", ", d.Allowlist))}");
            if (d.Credentials.Count == 0)
            {
                o.WriteLine("credential:  certificate from the participant's CA (CN or URI SAN = device id)");
            }

            foreach (var c in d.Credentials)
            {
                var state = c.Revoked ? "revoked" : "active";
                o.WriteLine(c.Kind == DeviceCredentialKind.Certificate
                    ? $"credential:  certificate serial {c.CertificateSerial} sha256 {c.CertificateThumbprint} issuer {c.IssuerThumbprint} until {c.NotAfter:O} [{state}]"
                    : $"credential:  secret (PBKDF2-SHA256, {c.SecretHash!.Iterations} iterations) [{state}]");
            }

            foreach (var k in registry.ListDeviceKeys(d.Id))
            {
                o.WriteLine($"key:         {DeviceKeyCommand.Describe(k, ctx.Now)}");
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateRevoke()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Device id" };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the registry and the audit log)" };
        var command = new Command("revoke", "Revoke a device and all its credentials (final; the id is never reusable)") { id, reason, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "device revoke", "device.revoke", ctx =>
        {
            var deviceId = parseResult.GetValue(id) ?? "";
            var why = parseResult.GetValue(reason);
            using var registry = RegistryStore.Open(ctx.Data);
            registry.RevokeDevice(deviceId, why, ctx.Now);
            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "device.revoke", "device:" + deviceId, AuditOutcome.Success, why));
            ctx.Output.WriteLine($"device {deviceId} revoked");
            return IdentityCli.Ok;
        }));
        return command;
    }

    private static string Describe(DeviceRecord d)
    {
        var kinds = d.Credentials.Where(c => !c.Revoked).Select(c => c.Kind == DeviceCredentialKind.Certificate ? "certificate" : "secret").Distinct().ToList();
        var credential = kinds.Count == 0 ? (d.Credentials.Count == 0 ? "participant-ca" : "none") : string.Join("+", kinds);
        return credential + (d.Allowlist.Count == 0 ? "" : "\tallow=" + string.Join(",", d.Allowlist));
    }
}

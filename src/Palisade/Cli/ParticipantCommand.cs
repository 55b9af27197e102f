using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Storage;
using Palisade.Platform.Participants;

namespace Palisade.Cli;

/// <summary><c>palisade participant add|trust-ca|list</c>: participants (tenants) and the CAs they bring.</summary>
internal static class ParticipantCommand
{
    internal static Command Create()
    {
        var command = new Command("participant", "Participants (tenants) of the platform");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateTrustCa());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateAdd()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Participant id (letters, digits, '.', '_', '-')" };
        var ca = new Option<string[]>("--ca") { Description = "PEM file of a CA certificate this participant issues device certificates from (repeatable)" };
        var command = new Command("add", "Register a participant") { id, ca, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "participant add", "participant.add", ctx =>
        {
            var participantId = parseResult.GetValue(id) ?? "";
            var cas = (parseResult.GetValue(ca) ?? []).Select(LoadCa).ToList();
            try
            {
                using var registry = RegistryStore.Open(ctx.Data);
                registry.AddParticipant(participantId, cas, ctx.Now);
            }
            finally
            {
                cas.ForEach(c => c.Dispose());
            }

            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "participant.add", "participant:" + participantId, AuditOutcome.Success,
                cas.Count == 0 ? null : $"{cas.Count} CA(s) registered"));
            ctx.Output.WriteLine($"participant {participantId} added" + (cas.Count == 0 ? "" : $" with {cas.Count} trusted CA(s)"));
            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateTrustCa()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Participant id" };
        var ca = new Option<string?>("--ca") { Description = "PEM file of the CA certificate" };
        var command = new Command("trust-ca", "Trust one more CA for a participant's devices") { id, ca, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "participant trust-ca", "participant.trust-ca", ctx =>
        {
            var participantId = parseResult.GetValue(id) ?? "";
            var file = parseResult.GetValue(ca) ?? throw new RegistryException("ca", null, "required: a PEM file of the CA certificate");
            using var certificate = LoadCa(file);
            using var registry = RegistryStore.Open(ctx.Data);
            registry.TrustCa(participantId, certificate, ctx.Now);
            var thumbprint = Infrastructure.Pki.CertificateFacts.Thumbprint(certificate);
            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "participant.trust-ca", "participant:" + participantId, AuditOutcome.Success,
                $"CA '{certificate.Subject}' sha256 {thumbprint}"));
            ctx.Output.WriteLine($"participant {participantId} now trusts CA '{certificate.Subject}' (sha256 {thumbprint})");
            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var data = IdentityCli.DataOption();
        var command = new Command("list", "List participants") { data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "participant list", "participant.list", ctx =>
        {
            using var registry = RegistryStore.Open(ctx.Data);
            foreach (var p in registry.ListParticipants())
            {
                ctx.Output.WriteLine($"{p.Id}\t{p.State.ToText()}\tcas={p.CertificateAuthorities.Count}\tcreated={AuditChain.FormatTime(p.CreatedUtc)}");
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    internal static X509Certificate2 LoadCa(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Infrastructure.Pki.PlatformCa.PemToDer(File.ReadAllText(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or FormatException or ArgumentException)
        {
            throw new RegistryException("ca", path, "not a readable PEM certificate");
        }
    }
}

using System.CommandLine;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Cli;

/// <summary>
/// <c>palisade app add|list|revoke</c>: applications of a participant with explicit grants
/// (subscribe:telemetry, subscribe:events, subscribe:state, subscribe:commands, publish:commands; each optionally
/// "=DEVICE" for one device, otherwise every device of the participant). The secret is generated and shown once.
/// </summary>
internal static class AppCommand
{
    internal static Command Create()
    {
        var command = new Command("app", "Applications of participants and their grants");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    private static Command CreateAdd()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Application id: its MQTT user name and client id (or 'id:instance'); never reusable" };
        var participant = new Option<string?>("--participant") { Description = "The participant the application belongs to" };
        var grant = new Option<string[]>("--grant") { Description = "A right, optionally for one device: " + ApplicationRightText.AllText + " [=DEVICE] (repeatable)" };
        var command = new Command("add", "Register an application (prints its secret once)") { id, participant, grant, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "app add", "app.add", ctx =>
        {
            var appId = parseResult.GetValue(id) ?? "";
            var participantId = parseResult.GetValue(participant) ?? throw new RegistryException("participant", null, "required");
            var grants = new List<ApplicationGrant>();
            foreach (var text in parseResult.GetValue(grant) ?? [])
            {
                var eq = text.IndexOf('=', StringComparison.Ordinal);
                var rightText = eq < 0 ? text : text[..eq];
                var scope = eq < 0 ? ApplicationGrant.AllDevices : text[(eq + 1)..];
                if (!ApplicationRightText.TryParse(rightText, out var right))
                {
                    throw new RegistryException("grant", text, "unknown right; use " + ApplicationRightText.AllText);
                }

                grants.Add(new ApplicationGrant(right, scope));
            }

            var secret = SecretHasher.Generate();
            using var registry = RegistryStore.Open(ctx.Data);
            var app = registry.AddApplication(appId, participantId, grants, SecretHasher.Hash(secret), ctx.Now);
            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "app.add", "application:" + appId, AuditOutcome.Success,
                $"participant {participantId}; grants {string.Join(",", app.Grants)}"));
            ctx.Output.WriteLine($"application {appId} added to {participantId} with {string.Join(", ", app.Grants)}");
            ctx.Output.WriteLine($"secret: {secret}");
            ctx.Output.WriteLine("This secret is shown once and stored only as a hash. Connect over TLS with user name = application id, password = secret.");
            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var data = IdentityCli.DataOption();
        var participant = new Option<string?>("--participant") { Description = "Only this participant's applications" };
        var command = new Command("list", "List applications") { participant, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "app list", "app.list", ctx =>
        {
            using var registry = RegistryStore.Open(ctx.Data);
            foreach (var a in registry.ListApplications(parseResult.GetValue(participant)))
            {
                ctx.Output.WriteLine($"{a.Id}\t{a.ParticipantId}\t{a.State.ToText()}\t{string.Join(",", a.Grants)}");
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateRevoke()
    {
        var data = IdentityCli.DataOption();
        var id = new Argument<string>("ID") { Description = "Application id" };
        var command = new Command("revoke", "Revoke an application (final; the id is never reusable)") { id, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "app revoke", "app.revoke", ctx =>
        {
            var appId = parseResult.GetValue(id) ?? "";
            using var registry = RegistryStore.Open(ctx.Data);
            registry.RevokeApplication(appId, ctx.Now);
            IdentityCli.Audit(ctx.Data, new AuditEvent(ctx.Now, IdentityCli.Actor, "app.revoke", "application:" + appId, AuditOutcome.Success));
            ctx.Output.WriteLine($"application {appId} revoked");
            return IdentityCli.Ok;
        }));
        return command;
    }
}

using System.CommandLine;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Storage;

namespace Palisade.Cli;

/// <summary><c>palisade audit verify|tail|search</c>: check and read the tamper-evident audit log.</summary>
internal static class AuditCommand
{
    internal static Command Create()
    {
        var command = new Command("audit", "The tamper-evident audit log");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateTail());
        command.Subcommands.Add(CreateSearch());
        return command;
    }

    private static Command CreateVerify()
    {
        var data = IdentityCli.DataOption();
        var command = new Command("verify", "Check the hash chain and the signed checkpoints; name the first bad record (exit 1)") { data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "audit verify", "audit.verify", ctx =>
        {
            if (!File.Exists(ctx.Data.AuditDatabasePath))
            {
                throw new RegistryException("data", ctx.Data.Root, "holds no audit.db");
            }

            using var store = AuditStore.Open(ctx.Data);
            using var verifier = AuditSigningKey.LoadVerifier(ctx.Data);
            var result = store.Verify(verifier);
            if (!result.Ok)
            {
                ctx.Error.WriteLine($"audit verify: FAILED at record {result.FirstBadSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {result.Problem}");
                ctx.Error.WriteLine($"audit verify: {result.RecordsChecked} records verified before it");
                return IdentityCli.VerifyFailed;
            }

            ctx.Output.WriteLine($"audit verify: OK: {result.RecordsChecked} records, chain intact; {result.CheckpointsChecked} signed checkpoints verified"
                + (result.LastCheckpointSeq < result.LastSeq
                    ? $"; records {result.LastCheckpointSeq + 1}..{result.LastSeq} are not yet covered by a checkpoint"
                    : ""));
            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateTail()
    {
        var data = IdentityCli.DataOption();
        var lines = new Option<int>("--lines", "-n") { Description = "How many records", DefaultValueFactory = _ => 20 };
        var command = new Command("tail", "Print the last records") { lines, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "audit tail", "audit.tail", ctx =>
        {
            using var store = AuditStore.Open(ctx.Data);
            foreach (var record in store.Tail(parseResult.GetValue(lines)))
            {
                ctx.Output.WriteLine(Format(record));
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static Command CreateSearch()
    {
        var data = IdentityCli.DataOption();
        var actor = new Option<string?>("--actor") { Description = "e.g. device:d1, cli:alice" };
        var action = new Option<string?>("--action") { Description = "e.g. connect, subscribe, device.add" };
        var outcome = new Option<string?>("--outcome") { Description = "success, refused, failure, alert" };
        var target = new Option<string?>("--target") { Description = "e.g. device:d1 or a topic" };
        var since = new Option<string?>("--since") { Description = "UTC time, ISO 8601 (inclusive)" };
        var until = new Option<string?>("--until") { Description = "UTC time, ISO 8601 (exclusive)" };
        var limit = new Option<int>("--limit") { Description = "At most this many records", DefaultValueFactory = _ => 1000 };
        var command = new Command("search", "Find records") { actor, action, outcome, target, since, until, limit, data };
        command.SetAction(parseResult => IdentityCli.Run(parseResult, data, "audit search", "audit.search", ctx =>
        {
            var query = new AuditQuery(parseResult.GetValue(actor), parseResult.GetValue(action), parseResult.GetValue(outcome), parseResult.GetValue(target),
                ParseTime("since", parseResult.GetValue(since)), ParseTime("until", parseResult.GetValue(until)), parseResult.GetValue(limit));
            using var store = AuditStore.Open(ctx.Data);
            foreach (var record in store.Search(query))
            {
                ctx.Output.WriteLine(Format(record));
            }

            return IdentityCli.Ok;
        }));
        return command;
    }

    private static DateTimeOffset? ParseTime(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new RegistryException(field, text, "not an ISO 8601 time");
    }

    /// <summary>One record per line, tab-separated: seq, time, node, actor, action, target, outcome, source, reason.</summary>
    internal static string Format(AuditRecord r) =>
        string.Join('\t', r.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), r.TimeUtc, r.Node, r.Actor, r.Action, r.Target, r.Outcome,
            r.SourceAddress ?? "-", r.Reason ?? "-");
}

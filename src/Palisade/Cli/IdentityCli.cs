using System.CommandLine;
using System.Security.Cryptography;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Storage;

namespace Palisade.Cli;

/// <summary>
/// What the participant, device, app and audit commands share: the --data option, exit codes, error wording
/// ("device add: --participant 'acme': no such participant") and the audit record every provisioning action leaves.
/// </summary>
internal static class IdentityCli
{
    public const int Ok = 0;
    /// <summary>audit verify found the log tampered with.</summary>
    public const int VerifyFailed = 1;
    /// <summary>The request was refused (bad field, unknown id, weak secret...); nothing was applied.</summary>
    public const int Refused = 2;

    public static Option<string?> DataOption() => new("--data")
    {
        Description = "Data folder (default ./data; created 0700 on first use)",
    };

    public static string Actor => "cli:" + Environment.UserName;

    /// <summary>
    /// Runs a provisioning action. A <see cref="RegistryException"/> or <see cref="CliRefusal"/> is reported as
    /// "{command}: {field} '{value}': {problem}" on stderr, audited as refused, and exits 2.
    /// </summary>
    public static int Run(ParseResult parseResult, Option<string?> dataOption, string commandName, string action, Func<Context, int> body)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var error = parseResult.InvocationConfiguration.Error;
        DataFolder data;
        try
        {
            data = DataFolder.Open(parseResult.GetValue(dataOption));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{commandName}: --data: {ex.Message}");
            return Refused;
        }

        var context = new Context(data, parseResult.InvocationConfiguration.Output, error, TimeProvider.System.GetUtcNow());
        try
        {
            return body(context);
        }
        catch (RegistryException ex)
        {
            // "id" is the ID argument; upper-case fields name other arguments (DEVICE, KID); the rest are options.
            var field = ex.Field == "id" ? "ID" : ex.Field.All(char.IsAsciiLetterUpper) ? ex.Field : "--" + ex.Field;
            var message = ex.Value is null ? $"{commandName}: {field}: {ex.Problem}" : $"{commandName}: {field} '{ex.Value}': {ex.Problem}";
            error.WriteLine(message);
            TryAudit(data, new AuditEvent(context.Now, Actor, action, ex.Value ?? "-", AuditOutcome.Refused, message));
            return Refused;
        }
        catch (CliRefusal ex)
        {
            var message = $"{commandName}: {ex.Message}";
            error.WriteLine(message);
            TryAudit(data, new AuditEvent(context.Now, Actor, action, ex.Target ?? "-", AuditOutcome.Refused, message));
            return Refused;
        }
    }

    /// <summary>Appends one event and signs a checkpoint over it (so even a single CLI action is truncation-evident).</summary>
    public static void Audit(DataFolder data, AuditEvent auditEvent)
    {
        using var store = AuditStore.Open(data);
        using var key = AuditSigningKey.LoadOrCreate(data);
        store.Append([auditEvent], Environment.MachineName);
        store.WriteCheckpoint(key, Environment.MachineName, auditEvent.Time);
    }

    private static void TryAudit(DataFolder data, AuditEvent auditEvent)
    {
        try
        {
            Audit(data, auditEvent);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or CryptographicException)
        {
            // The refusal itself already happened; failing to record it must not turn it into a different error.
        }
    }

    /// <summary>Everything an action needs: the data folder, output streams and the time of the request.</summary>
    internal sealed record Context(DataFolder Data, TextWriter Output, TextWriter Error, DateTimeOffset Now);
}

/// <summary>A CLI-level refusal (bad option combination, unreadable file, weak secret): exit 2, audited.</summary>
internal sealed class CliRefusal : Exception
{
    public CliRefusal(string message, string? target)
        : base(message) => Target = target;

    public CliRefusal()
    {
    }

    public CliRefusal(string message)
        : base(message)
    {
    }

    public CliRefusal(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Target { get; }
}

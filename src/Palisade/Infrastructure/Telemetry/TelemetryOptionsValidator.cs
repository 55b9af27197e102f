using Microsoft.Extensions.Options;
using Npgsql;
using Palisade.Hosting;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> at start: a misconfigured store exits 2 naming the key.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new OptionErrors(TelemetryOptions.SectionName);
        var store = options.Store?.Trim().ToLowerInvariant();
        if (store is not (TelemetryStoreKind.Sqlite or TelemetryStoreKind.Postgres or TelemetryStoreKind.None))
        {
            errors.Add(nameof(TelemetryOptions.Store), $"must be sqlite, postgres or none; got '{options.Store}'");
        }

        if (store == TelemetryStoreKind.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.Add(nameof(TelemetryOptions.ConnectionString), "must be set when Store is postgres");
            }
            else
            {
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException)
                {
                    // The message could echo a password: say only that it does not parse.
                    errors.Add(nameof(TelemetryOptions.ConnectionString), "is not a valid Npgsql connection string");
                }
            }
        }

        if (options.Synchronous?.Trim().ToLowerInvariant() is not ("full" or "normal"))
        {
            errors.Add(nameof(TelemetryOptions.Synchronous), $"must be full or normal; got '{options.Synchronous}'");
        }

        errors.Range(nameof(TelemetryOptions.QueueCapacity), options.QueueCapacity, 1, 1_000_000);
        errors.Range(nameof(TelemetryOptions.BatchSize), options.BatchSize, 1, 100_000);
        return errors.Result();
    }
}

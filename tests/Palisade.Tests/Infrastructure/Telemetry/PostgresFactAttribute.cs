namespace Palisade.Tests.Infrastructure.Telemetry;

/// <summary>
/// A test against a real PostgreSQL server, named by the connection string in <c>PALISADE_TEST_POSTGRES</c>
/// (.ci/run starts one and sets it). Skipped with that reason where it is unset, e.g. on a developer machine.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "PALISADE_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set: no PostgreSQL server to test against (.ci/start-postgres starts one and prints the value)";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}

using System.Diagnostics;

namespace Palisade.Tests.Infrastructure;

/// <summary>
/// Runs the real sqlite3 command-line tool, as someone tampering with the file would. Deliberately no fallback: if
/// sqlite3 is not installed the tamper tests fail (CI installs it).
/// </summary>
internal static class Sqlite3Tool
{
    public static string Run(string databasePath, string sql)
    {
        var info = new ProcessStartInfo("sqlite3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(databasePath);
        info.ArgumentList.Add(sql);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("sqlite3 did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException("sqlite3 did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 failed ({process.ExitCode}): {error}");
        }

        return output;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Palisade.LoadGen.Measurement;

/// <summary>Reads another process's resident memory and CPU time from Linux /proc (null elsewhere or when gone).</summary>
internal static class ProcessStats
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every mainstream Linux build.
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>VmRSS of <paramref name="pid"/> in KiB.</summary>
    public static long? ReadRssKib(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var value = line["VmRSS:".Length..].Trim();
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>User plus system CPU time of <paramref name="pid"/>, or of this process when null.</summary>
    public static TimeSpan? ReadCpuTime(int? pid)
    {
        if (pid is null)
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((utime + stime) / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

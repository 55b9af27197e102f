// Benchmark-only provisioning: reads palisade CLI command lines (one per line, arguments separated by spaces, no
// quoting) from standard input and runs each through palisade's own entry point, one after another, in this one
// process. Provisioning 2,000 devices as 2,000 `dotnet palisade.dll device add ...` processes costs ~0.5 s of runtime
// start-up each; this keeps every command's behaviour (validation, registry transaction, certificate issue, audit
// record and signed checkpoint) and removes only the process start. Exit code: 0 if every command returned 0,
// otherwise 1 (failures are listed on standard error). With --mark, each command's output on standard output is
// preceded by a line "### palisade <command line>", so a script can tell which output (e.g. a key shown once) is whose.
using System.Diagnostics;
using System.Reflection;

var entry = Assembly.Load("palisade").EntryPoint
    ?? throw new InvalidOperationException("palisade.dll has no entry point");
var mark = args.Contains("--mark");
var failures = 0;
var count = 0;
var started = Stopwatch.GetTimestamp();
while (Console.In.ReadLine() is { } line)
{
    var commandArgs = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (commandArgs.Length == 0)
    {
        continue;
    }

    count++;
    if (mark)
    {
        await Console.Out.WriteLineAsync("### palisade " + line).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
    }

    var rc = entry.Invoke(null, [commandArgs]) is int code ? code : -1;
    if (rc != 0)
    {
        failures++;
        await Console.Error.WriteLineAsync($"exit {rc}: palisade {line}").ConfigureAwait(false);
    }
}

await Console.Error.WriteLineAsync(
    $"bench-provision: {count} commands, {failures} failed, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s").ConfigureAwait(false);
return failures == 0 ? 0 : 1;

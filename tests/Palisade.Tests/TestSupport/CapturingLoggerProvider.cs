using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Palisade.Tests.TestSupport;

/// <summary>Keeps every log entry of a test server in memory (and forwards it to a sink, e.g. the xunit output).</summary>
internal sealed class CapturingLoggerProvider(Action<CapturedLog>? sink) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => _entries.ToArray();

    public event Action<CapturedLog>? Logged;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        _entries.Enqueue(entry);
        try
        {
            sink?.Invoke(entry);
        }
        catch (InvalidOperationException)
        {
            // xunit's output helper throws once its test finished; late shutdown logs are still kept in Entries.
        }
        Logged?.Invoke(entry);
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new CapturedLog(DateTimeOffset.UtcNow, category, logLevel, eventId, formatter(state, exception), exception));
    }
}

namespace Palisade.Tests.Edge.Replay;

/// <summary>A wall clock the test sets; only GetUtcNow is used by the code under test.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

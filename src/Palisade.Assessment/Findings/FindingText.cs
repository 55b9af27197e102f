using System.Runtime.CompilerServices;

namespace Palisade.Assessment.Findings;

/// <summary>A finding's title and rationale: fixed strings, or formatted from the rule's facts when read.</summary>
internal abstract class FindingText
{
    public abstract string Title { get; }

    public abstract string Rationale { get; }
}

/// <summary>Texts given as strings (rules with few findings, findings read back from JSON).</summary>
internal sealed class FixedFindingText(string title, string rationale) : FindingText
{
    public override string Title { get; } = title;

    public override string Rationale { get; } = rationale;
}

/// <summary>
/// Texts formatted from <typeparamref name="TState"/> each time they are read. The state holds only immutable
/// description records and values, so the text read later is the text the rule would have built at once.
/// </summary>
internal sealed class LazyFindingText<TState> : FindingText
{
    private readonly TState _state;
    private readonly Func<TState, string> _title;
    private readonly Func<TState, string> _rationale;

    // Optimised at first call: built for every finding, in a cold process (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LazyFindingText(TState state, Func<TState, string> title, Func<TState, string> rationale)
    {
        _state = state;
        _title = title;
        _rationale = rationale;
    }

    public override string Title => _title(_state);

    public override string Rationale => _rationale(_state);
}

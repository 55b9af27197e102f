using Palisade.Assessment.Engine;

namespace Palisade.Assessment.Tests.Support;

/// <summary>Test double of the platform's live control report: enforces the given controls for every target.</summary>
internal sealed class FakeLiveControls(params string[] enforced) : ILiveControlSource
{
    public string Name => "palisade-test";

    public List<(string Control, TargetRef Target)> Asked { get; } = [];

    public string? Enforcement(string controlId, TargetRef target)
    {
        Asked.Add((controlId, target));
        return enforced.Contains(controlId, StringComparer.Ordinal) ? "enforced by the broker" : null;
    }
}

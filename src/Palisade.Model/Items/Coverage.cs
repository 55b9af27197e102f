namespace Palisade.Model.Items;

/// <summary>Palisade's coverage of a control or objective.</summary>
/// <param name="Kind">Enforced, planned, assessed or organisational.</param>
/// <param name="Issue">For planned coverage, the issue number that delivers it.</param>
/// <param name="CodePaths">Repository paths of the code that enforces it today (possibly partly).</param>
/// <param name="Note">What exactly is covered, our words.</param>
public sealed record Coverage(CoverageKind Kind, int? Issue, IReadOnlyList<string> CodePaths, string Note);

namespace Palisade.Assessment.Engine;

/// <summary>How to run an assessment.</summary>
public sealed record AssessmentOptions
{
    /// <summary>Date end-of-support dates are compared against; defaults to the description's <c>assessed-on</c>, else today (UTC).</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The running platform's enforced controls, if it is assessing itself.</summary>
    public ILiveControlSource? LiveControls { get; init; }
}

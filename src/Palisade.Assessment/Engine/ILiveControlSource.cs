namespace Palisade.Assessment.Engine;

/// <summary>
/// The running platform's report of the controls it enforces (clause 5 d: the IIP suggests controls from what it
/// observes). Implemented by the Palisade host; the assessment asks it per control and target. Implementations
/// must answer from an in-memory snapshot: the engine calls this once per finding and control.
/// </summary>
public interface ILiveControlSource
{
    /// <summary>Name shown with the evidence (e.g. <c>palisade@node-1</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Evidence that <paramref name="controlId"/> is enforced for <paramref name="target"/> (e.g.
    /// "mutual TLS required on listener mqtts:8883"), or null when it is not.
    /// </summary>
    string? Enforcement(string controlId, TargetRef target);
}

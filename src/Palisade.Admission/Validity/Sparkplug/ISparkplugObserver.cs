namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// Receives what the Sparkplug B inspector observes but does not refuse (a <c>seq</c> gap), so the host can count and
/// audit it. Called on the publishing connection's thread, outside the inspector's locks; must be quick and must not throw.
/// </summary>
public interface ISparkplugObserver
{
    void OnSequenceGap(SparkplugSequenceGap gap);
}

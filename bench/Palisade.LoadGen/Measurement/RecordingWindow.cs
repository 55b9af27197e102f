namespace Palisade.LoadGen.Measurement;

/// <summary>Tells the read loops whether the measured window is open (warm-up and drain are not recorded).</summary>
internal sealed class RecordingWindow
{
    private volatile bool _open;

    public bool IsOpen => _open;

    public void Open() => _open = true;

    public void Close() => _open = false;
}

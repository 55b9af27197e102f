using System.Diagnostics.Metrics;

namespace Palisade.Tests.TestSupport;

/// <summary>
/// A meter factory of a test's own. Meters made without a factory have no scope, and the /metrics exporter of every
/// server running in the test process shows unscoped Palisade.* meters too: a unit test's counters would then appear,
/// as duplicate series, on the /metrics of an end-to-end test running beside it. Scoped to this factory, they do not.
/// </summary>
internal sealed class IsolatedMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Scope = this;
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}

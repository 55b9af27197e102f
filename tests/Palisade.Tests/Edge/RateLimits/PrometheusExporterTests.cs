using System.Diagnostics.Metrics;
using Palisade.Api;

namespace Palisade.Tests.Edge.RateLimits;

public class PrometheusExporterTests
{
    [Fact]
    public void Palisade_meters_are_rendered_in_prometheus_text_format_and_other_meters_are_not()
    {
        using var exporter = new PrometheusExporter(null);
        using var meter = new Meter("Palisade.Test." + Guid.NewGuid().ToString("N"));
        using var other = new Meter("Other.Meter");
        var total = 0L;
        meter.CreateObservableCounter("palisade.test.shed", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref total), new KeyValuePair<string, object?>("class", "bulk")),
            new Measurement<long>(0, new KeyValuePair<string, object?>("class", "control")),
        }, description: "Shed \"deliveries\"");
        var counter = meter.CreateCounter<long>("palisade.test.events");
        meter.CreateObservableGauge("palisade.test.queued", () => 42.5);
        other.CreateObservableGauge("other.gauge", () => 1);

        counter.Add(2);
        counter.Add(3);
        Interlocked.Exchange(ref total, 7);
        var text = exporter.Render();

        Assert.Contains("# TYPE palisade_test_shed_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("palisade_test_shed_total{class=\"bulk\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("palisade_test_shed_total{class=\"control\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("palisade_test_events_total 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE palisade_test_queued gauge\npalisade_test_queued 42.5\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_gauge", text, StringComparison.Ordinal);

        Interlocked.Exchange(ref total, 9);
        Assert.Contains("palisade_test_shed_total{class=\"bulk\"} 9\n", exporter.Render(), StringComparison.Ordinal);
    }
}

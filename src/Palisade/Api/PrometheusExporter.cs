using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Palisade.Api;

/// <summary>
/// Renders the process's "Palisade.*" meters in the Prometheus text exposition format (version 0.0.4). A
/// <see cref="MeterListener"/> enables every instrument of a meter whose name is "Palisade" or starts with "Palisade.",
/// and — when the meter was created through a factory — only this host's factory (tests run several hosts in one process).
/// Observable instruments are read on each scrape; Counter/UpDownCounter measurements are summed as they come;
/// Histograms are exposed as a summary without quantiles (<c>_sum</c>, <c>_count</c>).
/// <para>Why by hand: the OpenTelemetry Prometheus exporter is published as prerelease only, and Palisade ships no
/// prerelease dependencies; the text format is small and stable, and this needs no OpenTelemetry SDK at all.</para>
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object? _scope;
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, Dictionary<string, Series>> _values = [];

    public PrometheusExporter(IMeterFactory? scope)
    {
        _scope = scope;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            if ((meter.Name == "Palisade" || meter.Name.StartsWith("Palisade.", StringComparison.Ordinal))
                && (meter.Scope is null || ReferenceEquals(meter.Scope, _scope)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_lock)
            {
                _values.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>One scrape: observes the observable instruments, then writes every series.</summary>
    public string Render()
    {
        lock (_lock)
        {
            _listener.RecordObservableInstruments();
            var byName = new SortedDictionary<string, (Instrument Instrument, List<Series> Series)>(StringComparer.Ordinal);
            foreach (var (instrument, series) in _values)
            {
                var name = MetricName(instrument);
                if (!byName.TryGetValue(name, out var entry))
                {
                    byName[name] = entry = (instrument, []);
                }

                entry.Series.AddRange(series.Values);
            }

            var text = new StringBuilder();
            foreach (var (name, (instrument, series)) in byName)
            {
                var type = Type(instrument);
                if (instrument.Description is { Length: > 0 } help)
                {
                    text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
                }

                text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                foreach (var s in series.OrderBy(s => s.Labels, StringComparer.Ordinal))
                {
                    if (type == "summary")
                    {
                        text.Append(name).Append("_sum").Append(s.Labels).Append(' ').Append(Format(s.Value)).Append('\n');
                        text.Append(name).Append("_count").Append(s.Labels).Append(' ').Append(Format(s.Count)).Append('\n');
                    }
                    else
                    {
                        text.Append(name).Append(s.Labels).Append(' ').Append(Format(s.Value)).Append('\n');
                    }
                }
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>"palisade.broker.deliveries.shed" → "palisade_broker_deliveries_shed_total" (counters get "_total").</summary>
    public static string MetricName(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Name);
        return Type(instrument) == "counter" && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string Type(Instrument instrument)
    {
        var type = instrument.GetType();
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
            {
                return "counter";
            }

            if (definition == typeof(Histogram<>))
            {
                return "summary";
            }
        }

        return "gauge";
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var number = value.ToDouble(CultureInfo.InvariantCulture);
        var labels = Labels(tags);
        lock (_lock)
        {
            if (!_values.TryGetValue(instrument, out var series))
            {
                _values[instrument] = series = new Dictionary<string, Series>(StringComparer.Ordinal);
            }

            if (!series.TryGetValue(labels, out var s))
            {
                series[labels] = s = new Series(labels);
            }

            if (instrument.IsObservable)
            {
                s.Value = number;
            }
            else
            {
                // Counter / UpDownCounter deliver increments; Histogram: sum and count.
                s.Value += number;
                s.Count++;
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<KeyValuePair<string, object?>>(tags.ToArray());
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder("{");
        foreach (var (key, value) in pairs)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            var v = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            text.Append(Sanitize(key)).Append("=\"")
                .Append(v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':') || (i == 0 && char.IsAsciiDigit(c)))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Series(string labels)
    {
        public string Labels { get; } = labels;
        public double Value { get; set; }
        public long Count { get; set; }
    }
}

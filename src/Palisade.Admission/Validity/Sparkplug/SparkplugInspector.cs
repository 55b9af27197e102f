using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity.Sparkplug.Proto;
using Palisade.Mqtt;
using ValueCase = Palisade.Admission.Validity.Sparkplug.Proto.Payload.Types.Metric.ValueOneofCase;

namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// Sparkplug B inspection (8.2.7 a) of what edge nodes publish under <c>spBv1.0/...</c>: decodes the protobuf payload,
/// checks each metric's data type against the value field it uses, and follows each edge node's session
/// (bdSeq, seq, births). Section numbers are those of the Eclipse Sparkplug specification 3.0.0.
/// <list type="bullet">
/// <item>Malformed protobuf, a topic not of the namespace (4.1), an unknown or non-metric data type (6.4.16), a value
/// in the wrong field (6.4.17), a birth metric without datatype (6.4.6), a data metric the birth did not declare, a
/// missing or out-of-range seq (6.4.5), a NBIRTH or NDEATH without bdSeq (6.4.19, 6.4.25): refused
/// <c>validity.sparkplug</c>.</item>
/// <item>NDATA, DBIRTH, DDATA, DDEATH with no current NBIRTH (never born, or after its NDEATH or disconnect), DDATA
/// of a device with no current DBIRTH: refused as "no current birth" — a host could not interpret them (6.4.20–6.4.22
/// order the births first).</item>
/// <item>An NDEATH whose bdSeq differs from the current NBIRTH's is refused: it belongs to an older session and would
/// wrongly mark a live edge node dead (6.4.25: the NDEATH carries the bdSeq of its NBIRTH). An NDEATH with no current
/// birth is admitted (nothing to contradict).</item>
/// <item>The CONNECT's will (<see cref="AdmissionContext.IsWill"/>), admitted at CONNECT and published by the broker
/// later: checked like any payload (decode, metric types), never as a message of the session. A will NDEATH must
/// carry a bdSeq; it is remembered for its connection, and that connection's NBIRTH must carry the same bdSeq
/// (tck-id-topics-nbirth-bdseq-matching), else it is refused. A connection without a will NDEATH (no will, or a will
/// on another topic) has nothing to compare: its NBIRTH is admitted on the other rules.</item>
/// <item>A session belongs to its connection (<see cref="AdmissionContext.Connection"/>): NDATA, DBIRTH, DDATA, DDEATH
/// of a connection that has not sent the current NBIRTH are refused "no current birth", so after a reconnect the edge
/// node must be born again, even before the host reports the old connection's end.</item>
/// <item>A seq gap (6.4.5: each message seq + 1, 255 wraps to 0) is <b>admitted</b>, counted
/// (<see cref="SequenceGaps"/>) and reported to the <see cref="ISparkplugObserver"/>: the specification has the host
/// application answer a gap with a rebirth request, and a broker that refused the data after a gap would drop good
/// measurements without repairing anything.</item>
/// </list>
/// The NBIRTH's seq is taken as the start of the session (6.4.5 asks for 0; 6.4.19 allows 0..255). The broker
/// publishes a will NDEATH without admission, so the host calls <see cref="EdgeNodeDisconnected"/> when an edge node's
/// connection ends. Thread-safe; state per edge node, bounded by <see cref="SparkplugOptions"/>; the state of an edge
/// node whose connection ended is kept (empty, a few dozen bytes) until it connects again, so memory follows the
/// number of edge nodes ever seen since start, which the topic policy bounds by the registered devices.
/// </summary>
public sealed class SparkplugInspector
{
    private const string BdSeqMetric = "bdSeq";
    private const string NoNodeBirth = "no current birth: NBIRTH of this edge node must come first (6.4.20-6.4.22)";
    private const string NoNodeBirthOnConnection = "no current birth on this connection: NBIRTH must come first after connecting (6.4.20-6.4.22)";

    private readonly ConcurrentDictionary<string, EdgeNodeState> _nodes = new(StringComparer.Ordinal);
    private readonly SparkplugOptions _options;
    private readonly ISparkplugObserver? _observer;
    private long _sequenceGaps;

    public SparkplugInspector(SparkplugOptions? options = null, ISparkplugObserver? observer = null)
    {
        _options = options ?? new SparkplugOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxMetricsPerBirth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxDevicesPerEdgeNode);
        _observer = observer;
    }

    /// <summary>Seq gaps observed since start, all edge nodes (each gap once, however many messages it skipped).</summary>
    public long SequenceGaps => Interlocked.Read(ref _sequenceGaps);

    /// <summary>
    /// The edge node's connection ended: its session is over (the broker's will NDEATH does not pass admission), so
    /// its next data needs a new NBIRTH first, and its will's bdSeq no longer applies.
    /// </summary>
    /// <param name="groupId">Sparkplug group id (the participant).</param>
    /// <param name="edgeNodeId">Edge node id (the device).</param>
    /// <param name="connection">The connection that ended (the token given as <see cref="AdmissionContext.Connection"/>):
    /// a session that a newer connection of the edge node has opened meanwhile is left alone. Null ends whatever
    /// session there is.</param>
    public void EdgeNodeDisconnected(string groupId, string edgeNodeId, object? connection = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(edgeNodeId);
        if (_nodes.TryGetValue(Key(groupId, edgeNodeId), out var state))
        {
            lock (state)
            {
                if (connection is null || ReferenceEquals(state.Connection, connection))
                {
                    state.Disconnect();
                }
            }
        }
    }

    /// <summary>Whether the edge node has a current session (NBIRTH admitted, no NDEATH or disconnect since); for tests and diagnostics.</summary>
    public bool IsBorn(string groupId, string edgeNodeId)
    {
        if (!_nodes.TryGetValue(Key(groupId, edgeNodeId), out var state))
        {
            return false;
        }

        lock (state)
        {
            return state.Born;
        }
    }

    /// <summary>Judges one publish under <c>spBv1.0/</c> of no particular connection (tests, tools).</summary>
    internal StageVerdict Inspect(string topic, ReadOnlySpan<byte> body) => Inspect(topic, body, null, false);

    /// <summary>Judges one publish under <c>spBv1.0/</c>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="body">The payload (after a verified envelope prefix).</param>
    /// <param name="connection">The connection it came on (opaque token kept by the host for the connection's life), or null.</param>
    /// <param name="isWill">True for the CONNECT's will message (admitted now, published by the broker later).</param>
    internal StageVerdict Inspect(string topic, ReadOnlySpan<byte> body, object? connection, bool isWill)
    {
        if (!SparkplugTopic.TryParse(topic, out var parsed))
        {
            return Refuse("topic is not spBv1.0/{group}/{type}/{edge node}[/{device}] (or spBv1.0/STATE/{host})");
        }

        if (parsed.Type == SparkplugMessageType.State)
        {
            // STATE is JSON from host applications (6.4.27), not a protobuf payload; who may publish it is the topic
            // policy's decision.
            return StageVerdict.Pass;
        }

        Payload payload;
        try
        {
            payload = Payload.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return Refuse("payload is not a Sparkplug B protobuf payload");
        }

        var metricError = CheckMetricsStateless(payload);
        if (metricError is not null)
        {
            return Refuse(metricError);
        }

        if (isWill)
        {
            return Will(parsed, payload, connection);
        }

        if (parsed.Type is SparkplugMessageType.NCmd or SparkplugMessageType.DCmd)
        {
            // Commands carry no seq (6.4.23, 6.4.24) and do not change the edge node's session.
            return StageVerdict.Pass;
        }

        // State is created only by a birth, so publishes of nodes never born cost no memory.
        var key = Key(parsed.GroupId, parsed.EdgeNodeId);
        EdgeNodeState? state;
        if (parsed.Type == SparkplugMessageType.NBirth)
        {
            state = _nodes.GetOrAdd(key, static _ => new EdgeNodeState());
        }
        else if (!_nodes.TryGetValue(key, out state))
        {
            return parsed.Type == SparkplugMessageType.NDeath
                ? (TryBdSeq(payload, out _) ? StageVerdict.Pass : Refuse("NDEATH has no bdSeq metric (6.4.25)"))
                : Refuse(NoNodeBirth);
        }

        SparkplugSequenceGap? gap = null;
        string? refusal;
        lock (state)
        {
            refusal = parsed.Type switch
            {
                SparkplugMessageType.NBirth => NodeBirth(state, payload, connection),
                SparkplugMessageType.NDeath => NodeDeath(state, payload),
                _ => InSession(state, parsed, payload, connection, out gap),
            };
        }

        if (gap is { } observed)
        {
            Interlocked.Increment(ref _sequenceGaps);
            _observer?.OnSequenceGap(observed);
        }

        return refusal is null ? StageVerdict.Pass : Refuse(refusal);
    }

    private static string Key(string groupId, string edgeNodeId) => string.Concat(groupId, "/", edgeNodeId);

    private static StageVerdict Refuse(string reason) =>
        StageVerdict.Refuse(ReasonCode.PayloadFormatInvalid, ValidityRefusals.Sparkplug, reason);

    // The will is published by the broker when the connection ends abnormally, long after this check: it is judged on
    // its content, and is never a message of the session (no seq, no death now). A will NDEATH makes its connection the
    // edge node's (a newer connection ends an older one's session) and fixes the bdSeq that connection's NBIRTH must carry.
    private StageVerdict Will(SparkplugTopic topic, Payload payload, object? connection)
    {
        if (topic.Type != SparkplugMessageType.NDeath)
        {
            // A will of another type has no bdSeq to hold the NBIRTH to; its content was checked above.
            return StageVerdict.Pass;
        }

        if (!TryBdSeq(payload, out var bdSeq))
        {
            return Refuse("will NDEATH has no bdSeq metric (6.4.25)");
        }

        var state = _nodes.GetOrAdd(Key(topic.GroupId, topic.EdgeNodeId), static _ => new EdgeNodeState());
        lock (state)
        {
            state.Adopt(connection);
            state.WillBdSeq = bdSeq;
        }

        return StageVerdict.Pass;
    }

    // 6.4.19: seq, a bdSeq metric, and every metric with name, datatype and value. A valid NBIRTH starts a new session
    // whatever came before (a rebirth), forgetting the devices: they are born again after it (6.4.20). Its bdSeq must
    // be the one of its connection's will NDEATH, when the connection registered one (tck-id-topics-nbirth-bdseq-matching).
    private string? NodeBirth(EdgeNodeState state, Payload payload, object? connection)
    {
        if (SeqError(payload) is { } seqError)
        {
            return seqError;
        }

        if (!TryBdSeq(payload, out var bdSeq))
        {
            return "NBIRTH has no bdSeq metric (6.4.19)";
        }

        if (ReferenceEquals(state.Connection, connection) && state.WillBdSeq is { } willBdSeq && willBdSeq != bdSeq)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"NBIRTH bdSeq {bdSeq} is not the bdSeq {willBdSeq} of this connection's will NDEATH (6.4.19, tck-id-topics-nbirth-bdseq-matching)");
        }

        if (BuildBirthTable(payload, "NBIRTH", out var table) is { } birthError)
        {
            return birthError;
        }

        state.Adopt(connection);
        state.Born = true;
        state.BdSeq = bdSeq;
        state.LastSeq = (byte)payload.Seq;
        state.NodeMetrics = table;
        state.Devices.Clear();
        return null;
    }

    // 6.4.25: NDEATH carries the bdSeq of the birth it ends and no seq.
    private static string? NodeDeath(EdgeNodeState state, Payload payload)
    {
        if (!TryBdSeq(payload, out var bdSeq))
        {
            return "NDEATH has no bdSeq metric (6.4.25)";
        }

        if (state.Born)
        {
            if (bdSeq != state.BdSeq)
            {
                return string.Create(CultureInfo.InvariantCulture, $"NDEATH bdSeq {bdSeq} does not match the current NBIRTH's bdSeq {state.BdSeq} (6.4.25)");
            }

            state.Die();
        }

        return null;
    }

    private string? InSession(EdgeNodeState state, SparkplugTopic topic, Payload payload, object? connection, out SparkplugSequenceGap? gap)
    {
        gap = null;
        if (!state.Born)
        {
            return NoNodeBirth;
        }

        if (!ReferenceEquals(state.Connection, connection))
        {
            // Born, but by another (older) connection: this connection must send its own NBIRTH first.
            return NoNodeBirthOnConnection;
        }

        if (SeqError(payload) is { } seqError)
        {
            return seqError;
        }

        // The seq is followed for every message of the session, even one refused below for its content: the edge
        // node did send it, and not counting it would report a false gap on the next message.
        var seq = (byte)payload.Seq;
        var expected = unchecked((byte)(state.LastSeq + 1));
        if (seq != expected)
        {
            gap = new SparkplugSequenceGap(topic.GroupId, topic.EdgeNodeId, topic.DeviceId, topic.Type, expected, seq);
        }

        state.LastSeq = seq;
        switch (topic.Type)
        {
            case SparkplugMessageType.DBirth:
                if (BuildBirthTable(payload, "DBIRTH", out var table) is { } birthError)
                {
                    return birthError;
                }

                if (!state.Devices.ContainsKey(topic.DeviceId!) && state.Devices.Count >= _options.MaxDevicesPerEdgeNode)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"edge node already has {state.Devices.Count} devices born, the limit");
                }

                state.Devices[topic.DeviceId!] = table;
                return null;
            case SparkplugMessageType.DDeath:
                state.Devices.Remove(topic.DeviceId!);
                return null;
            case SparkplugMessageType.NData:
                return CheckDataMetrics(payload, state.NodeMetrics);
            case SparkplugMessageType.DData:
                return state.Devices.TryGetValue(topic.DeviceId!, out var deviceTable)
                    ? CheckDataMetrics(payload, deviceTable)
                    : "no current birth: DBIRTH of this device must come first (6.4.22)";
            default:
                return null;
        }
    }

    // 6.4.5: every message but NDEATH (and commands) carries a seq of 0..255.
    private static string? SeqError(Payload payload)
    {
        if (!payload.HasSeq)
        {
            return "payload has no seq (6.4.5)";
        }

        return payload.Seq > 255
            ? string.Create(CultureInfo.InvariantCulture, $"seq {payload.Seq} is beyond 255 (6.4.5)")
            : null;
    }

    private static bool TryBdSeq(Payload payload, out ulong bdSeq)
    {
        foreach (var metric in payload.Metrics)
        {
            if (metric.HasName && metric.Name == BdSeqMetric)
            {
                switch (metric.ValueCase)
                {
                    case ValueCase.LongValue: bdSeq = metric.LongValue; return true;
                    case ValueCase.IntValue: bdSeq = metric.IntValue; return true;
                    default: break;
                }
            }
        }

        bdSeq = 0;
        return false;
    }

    // 6.4.6: in a birth each metric has a name and a datatype (the alias is optional, unique when given).
    private string? BuildBirthTable(Payload payload, string kind, out MetricTable table)
    {
        table = new MetricTable();
        if (payload.Metrics.Count > _options.MaxMetricsPerBirth)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{kind} declares {payload.Metrics.Count} metrics, more than the limit of {_options.MaxMetricsPerBirth}");
        }

        for (var i = 0; i < payload.Metrics.Count; i++)
        {
            var metric = payload.Metrics[i];
            if (!metric.HasDatatype)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{kind} metric #{i} has no datatype (6.4.6)");
            }

            if (!metric.HasName)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{kind} metric #{i} has no name (6.4.6)");
            }

            table.ByName[metric.Name] = metric.Datatype;
            if (metric.HasAlias && !table.ByAlias.TryAdd(metric.Alias, metric.Datatype))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{kind} metric #{i} repeats an alias (6.4.6)");
            }
        }

        return null;
    }

    // A data metric names its metric by alias or name; its type is the one the birth declared (6.4.6: datatype is
    // not repeated in data messages). One the birth did not declare cannot be interpreted by any host.
    private static string? CheckDataMetrics(Payload payload, MetricTable birth)
    {
        for (var i = 0; i < payload.Metrics.Count; i++)
        {
            var metric = payload.Metrics[i];
            uint declared;
            bool found = metric.HasAlias
                ? birth.ByAlias.TryGetValue(metric.Alias, out declared)
                : birth.ByName.TryGetValue(metric.HasName ? metric.Name : "", out declared);
            if (!found)
            {
                return string.Create(CultureInfo.InvariantCulture, $"metric #{i} was not declared in the birth");
            }

            if (metric.HasDatatype)
            {
                if (metric.Datatype != declared)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"metric #{i} is {SparkplugDataTypes.Name(metric.Datatype)} but its birth declared {SparkplugDataTypes.Name(declared)}");
                }

                continue; // already checked against its own datatype
            }

            if (CheckValue(metric, declared, i) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    // Every metric that states its datatype is checked against it, in any message type.
    private static string? CheckMetricsStateless(Payload payload)
    {
        for (var i = 0; i < payload.Metrics.Count; i++)
        {
            var metric = payload.Metrics[i];
            if (metric.HasDatatype && CheckValue(metric, metric.Datatype, i) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    // 6.4.16/6.4.17: the datatype is a metric type and the value is in its field (or is_null with no value).
    private static string? CheckValue(Payload.Types.Metric metric, uint datatype, int index)
    {
        var expected = SparkplugDataTypes.MetricValueField(datatype);
        if (expected == ValueCase.None)
        {
            return string.Create(CultureInfo.InvariantCulture, $"metric #{index} has datatype {SparkplugDataTypes.Name(datatype)}, not a metric data type (6.4.16)");
        }

        if (metric.HasIsNull && metric.IsNull)
        {
            return metric.ValueCase == ValueCase.None
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"metric #{index} is null but carries {SparkplugDataTypes.FieldName(metric.ValueCase)}");
        }

        if (metric.ValueCase != expected)
        {
            return string.Create(CultureInfo.InvariantCulture, $"metric #{index} of type {SparkplugDataTypes.Name(datatype)} uses {SparkplugDataTypes.FieldName(metric.ValueCase)}, not {SparkplugDataTypes.FieldName(expected)} (6.4.17)");
        }

        return expected switch
        {
            ValueCase.DatasetValue => CheckDataSet(metric.DatasetValue, index),
            ValueCase.TemplateValue => CheckTemplate(metric.TemplateValue, index),
            _ => null,
        };
    }

    // 6.4.11-6.4.13: as many types as columns, rows as wide, each value in its column type's field.
    private static string? CheckDataSet(Payload.Types.DataSet dataSet, int index)
    {
        if (dataSet.Types_.Count != dataSet.Columns.Count || (dataSet.HasNumOfColumns && dataSet.NumOfColumns != (ulong)dataSet.Columns.Count))
        {
            return string.Create(CultureInfo.InvariantCulture, $"metric #{index}: DataSet columns, types and num_of_columns disagree (6.4.11)");
        }

        foreach (var row in dataSet.Rows)
        {
            if (row.Elements.Count != dataSet.Columns.Count)
            {
                return string.Create(CultureInfo.InvariantCulture, $"metric #{index}: DataSet row width differs from its columns (6.4.12)");
            }

            for (var c = 0; c < row.Elements.Count; c++)
            {
                var field = SparkplugDataTypes.MetricValueField(dataSet.Types_[c]);
                var actual = row.Elements[c].ValueCase;
                var matches = field switch
                {
                    ValueCase.IntValue => actual == Payload.Types.DataSet.Types.DataSetValue.ValueOneofCase.IntValue,
                    ValueCase.LongValue => actual == Payload.Types.DataSet.Types.DataSetValue.ValueOneofCase.LongValue,
                    ValueCase.FloatValue => actual == Payload.Types.DataSet.Types.DataSetValue.ValueOneofCase.FloatValue,
                    ValueCase.DoubleValue => actual == Payload.Types.DataSet.Types.DataSetValue.ValueOneofCase.DoubleValue,
                    ValueCase.BooleanValue => actual == Payload.Types.DataSet.Types.DataSetValue.ValueOneofCase.BooleanValue,
                    ValueCase.StringValue => actual == Payload.Types.DataSet.Types.DataSetValue.ValueOneofCase.StringValue,
                    _ => false, // only the basic types can be DataSet columns (6.4.11)
                };
                if (!matches)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"metric #{index}: DataSet column {c} value does not match its type {SparkplugDataTypes.Name(dataSet.Types_[c])} (6.4.13)");
                }
            }
        }

        return null;
    }

    // 6.4.14: a template's member metrics follow the metric rules where they state a datatype; members of a
    // definition may have no value.
    private static string? CheckTemplate(Payload.Types.Template template, int index)
    {
        foreach (var member in template.Metrics)
        {
            if (!member.HasDatatype || (member.ValueCase == ValueCase.None && !(member.HasIsNull && member.IsNull)))
            {
                continue;
            }

            if (CheckValue(member, member.Datatype, index) is { } error)
            {
                return "template member of " + error;
            }
        }

        return null;
    }
}

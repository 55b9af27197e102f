using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Admission.Validity.Sparkplug.Proto;
using Palisade.Mqtt;
using static Palisade.Admission.Tests.Validity.SparkplugPayloads;

namespace Palisade.Admission.Tests.Validity;

public sealed class SparkplugInspectorTests
{
    private readonly RecordingObserver _observer = new();
    private readonly SparkplugInspector _inspector;
    private readonly ValidityStage _stage;

    public SparkplugInspectorTests()
    {
        _inspector = new SparkplugInspector(new SparkplugOptions { MaxDevicesPerEdgeNode = 2, MaxMetricsPerBirth = 8 }, _observer);
        _stage = new ValidityStage(JsonSchemaRegistry.Empty, _inspector);
    }

    private StageVerdict Send(string type, byte[] payload, string? device = null) =>
        _stage.Evaluate(Contexts.For(Topic(type, device), payload, "sparkplug"));

    private static void AssertRefused(StageVerdict verdict, string because)
    {
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Sparkplug, verdict.Refusal);
        Assert.Equal(ReasonCode.PayloadFormatInvalid, verdict.Reason);
        Assert.Contains(because, verdict.ReasonString, StringComparison.Ordinal);
    }

    private void Born(ulong bdSeq = 7)
    {
        Assert.True(Send("NBIRTH", NBirth(bdSeq)).Admitted);
        Assert.True(Send("DBIRTH", DBirth(1), "press-7").Admitted);
    }

    [Fact]
    public void A_well_behaved_session_is_admitted_without_gaps()
    {
        Born();
        Assert.True(Send("NDATA", NData(2)).Admitted);
        Assert.True(Send("DDATA", DData(3), "press-7").Admitted);
        Assert.True(Send("DDEATH", DDeath(4), "press-7").Admitted);
        Assert.True(Send("NDEATH", NDeath(7)).Admitted);
        Assert.Equal(0, _inspector.SequenceGaps);
        Assert.Empty(_observer.Gaps);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x12, 0x05, 0x0A })] // metrics field claiming 5 bytes, 1 present
    [InlineData(new byte[] { 0x0A })]
    public void Malformed_protobuf_is_refused(byte[] payload)
    {
        Born();
        AssertRefused(Send("NDATA", payload), "not a Sparkplug B protobuf payload");
    }

    [Fact]
    public void Metric_whose_value_is_in_the_wrong_field_for_its_datatype_is_refused()
    {
        var wrong = new Payload.Types.Metric { Name = "Temperature", Alias = 1, Datatype = SparkplugDataTypes.Int32, DoubleValue = 61.5, Timestamp = 1 };
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(1), wrong])), "uses double_value, not int_value");
    }

    [Fact]
    public void Data_metric_is_checked_against_the_datatype_its_birth_declared()
    {
        Born();
        // Alias 1 was born Double; an NDATA carrying it as a string is refused, as a double admitted.
        AssertRefused(Send("NDATA", Encode(2, [ByAlias(1, m => m.StringValue = "hot")])), "uses string_value, not double_value");
        Assert.True(Send("NDATA", Encode(3, [ByAlias(1, m => m.DoubleValue = 63)])).Admitted);
    }

    [Fact]
    public void Data_metric_restating_a_different_datatype_than_its_birth_is_refused()
    {
        Born();
        var restated = ByAlias(1, m =>
        {
            m.Datatype = SparkplugDataTypes.String;
            m.StringValue = "61";
        });
        AssertRefused(Send("NDATA", Encode(2, [restated])), "birth declared Double");
    }

    [Theory]
    [InlineData(0u)]    // Unknown
    [InlineData(20u)]   // PropertySet: a property value type, not a metric type
    [InlineData(99u)]   // beyond the table
    public void Metric_with_an_unknown_or_non_metric_datatype_is_refused(uint datatype)
    {
        var metric = new Payload.Types.Metric { Name = "x", Alias = 5, Datatype = datatype, IntValue = 1, Timestamp = 1 };
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(1), metric])), "not a metric data type");
    }

    [Fact]
    public void Null_metric_without_value_is_admitted_and_birth_metric_without_value_is_refused()
    {
        var nullMetric = new Payload.Types.Metric { Name = "Door", Alias = 3, Datatype = SparkplugDataTypes.Boolean, IsNull = true, Timestamp = 1 };
        Assert.True(Send("NBIRTH", Encode(0, [BdSeq(1), nullMetric])).Admitted);
        var noValue = new Payload.Types.Metric { Name = "Door", Alias = 3, Datatype = SparkplugDataTypes.Boolean, Timestamp = 1 };
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(2), noValue])), "uses no value");
    }

    [Fact]
    public void Data_metric_not_declared_in_the_birth_is_refused()
    {
        Born();
        AssertRefused(Send("NDATA", Encode(2, [ByAlias(42, m => m.DoubleValue = 1)])), "not declared in the birth");
    }

    [Fact]
    public void Birth_metric_without_datatype_is_refused()
    {
        var untyped = new Payload.Types.Metric { Name = "Temperature", Alias = 1, DoubleValue = 61.5, Timestamp = 1 };
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(1), untyped])), "has no datatype");
    }

    [Fact]
    public void Birth_repeating_an_alias_is_refused()
    {
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(1), Double("a", 1, 1), Double("b", 1, 2)])), "repeats an alias");
    }

    [Fact]
    public void Seq_gap_is_admitted_counted_and_reported()
    {
        Born();
        Assert.True(Send("NDATA", NData(2)).Admitted);
        Assert.True(Send("NDATA", NData(6)).Admitted); // 3, 4, 5 lost
        Assert.Equal(1, _inspector.SequenceGaps);
        var gap = Assert.Single(_observer.Gaps);
        Assert.Equal(new SparkplugSequenceGap(Group, Edge, null, SparkplugMessageType.NData, 3, 6), gap);
        Assert.Equal(3, gap.Missing);

        // Tracking resynchronises on the received seq: the next in order is no gap.
        Assert.True(Send("DDATA", DData(7), "press-7").Admitted);
        Assert.Equal(1, _inspector.SequenceGaps);
    }

    [Fact]
    public void Seq_wraps_from_255_to_0_without_a_gap()
    {
        Assert.True(Send("NBIRTH", NBirth(bdSeq: 1, seq: 254)).Admitted);
        Assert.True(Send("NDATA", NData(255)).Admitted);
        Assert.True(Send("NDATA", NData(0)).Admitted);
        Assert.True(Send("NDATA", NData(1)).Admitted);
        Assert.Equal(0, _inspector.SequenceGaps);

        // Not wrapping (255 → 256) is out of range, not a wrap.
        AssertRefused(Send("NDATA", NData(256)), "beyond 255");
    }

    [Fact]
    public void Repeated_seq_is_reported_as_a_gap()
    {
        Born();
        Assert.True(Send("NDATA", NData(2)).Admitted);
        Assert.True(Send("NDATA", NData(2)).Admitted);
        Assert.Equal(255, Assert.Single(_observer.Gaps).Missing);
    }

    [Fact]
    public void Data_without_seq_is_refused()
    {
        Born();
        AssertRefused(Send("NDATA", Encode(null, [ByAlias(1, m => m.DoubleValue = 1)])), "no seq");
    }

    [Fact]
    public void NDEATH_with_the_bdSeq_of_the_current_birth_ends_the_session()
    {
        Born(bdSeq: 7);
        Assert.True(Send("NDEATH", NDeath(7)).Admitted);
        AssertRefused(Send("NDATA", NData(2)), "no current birth");
    }

    [Fact]
    public void NDEATH_with_another_bdSeq_is_refused_and_the_session_goes_on()
    {
        Born(bdSeq: 7);
        AssertRefused(Send("NDEATH", NDeath(6)), "does not match the current NBIRTH's bdSeq 7");
        Assert.True(Send("NDATA", NData(2)).Admitted);
    }

    [Fact]
    public void NDEATH_with_no_current_birth_is_admitted_but_still_needs_its_bdSeq()
    {
        Assert.True(Send("NDEATH", NDeath(3)).Admitted);
        AssertRefused(Send("NDEATH", Encode(null, [])), "no bdSeq");
        Born(bdSeq: 4);
        Assert.True(Send("NDEATH", NDeath(4)).Admitted);
        Assert.True(Send("NDEATH", NDeath(4)).Admitted); // a repeated death of a dead node contradicts nothing
    }

    [Fact]
    public void NBIRTH_without_bdSeq_is_refused()
    {
        AssertRefused(Send("NBIRTH", Encode(0, [Double("t", 1, 1)])), "no bdSeq");
        AssertRefused(Send("NDATA", NData(1)), "no current birth");
    }

    [Theory]
    [InlineData("NDATA")]
    [InlineData("DBIRTH")]
    [InlineData("DDATA")]
    [InlineData("DDEATH")]
    public void Message_before_any_NBIRTH_is_refused_as_no_current_birth(string type)
    {
        var device = type.StartsWith('D') ? "press-7" : null;
        var payload = type switch { "NDATA" => NData(1), "DBIRTH" => DBirth(1), "DDATA" => DData(1), _ => DDeath(1) };
        AssertRefused(Send(type, payload, device), "no current birth");
    }

    [Fact]
    public void DDATA_of_a_device_without_its_DBIRTH_is_refused()
    {
        Born();
        AssertRefused(Send("DDATA", DData(2), "lathe-2"), "DBIRTH of this device");
        Assert.True(Send("DDEATH", DDeath(3), "press-7").Admitted);
        AssertRefused(Send("DDATA", DData(4), "press-7"), "DBIRTH of this device");
    }

    [Fact]
    public void Disconnect_ends_the_session_until_the_next_NBIRTH()
    {
        Born(bdSeq: 7);
        _inspector.EdgeNodeDisconnected(Group, Edge);
        AssertRefused(Send("NDATA", NData(2)), "no current birth");
        Assert.True(Send("NBIRTH", NBirth(bdSeq: 8)).Admitted);
        Assert.True(Send("NDATA", NData(1)).Admitted);
    }

    [Fact]
    public void Rebirth_forgets_the_devices_of_the_previous_session()
    {
        Born(bdSeq: 7);
        Assert.True(Send("NBIRTH", NBirth(bdSeq: 8)).Admitted);
        AssertRefused(Send("DDATA", DData(1), "press-7"), "DBIRTH of this device");
    }

    [Fact]
    public void Edge_nodes_are_tracked_separately()
    {
        Born();
        var other = Contexts.For("spBv1.0/acme/NDATA/d2", NData(1), "sparkplug");
        Assert.Equal(ValidityRefusals.Sparkplug, _stage.Evaluate(other).Refusal);
        Assert.True(Send("NDATA", NData(2)).Admitted);
    }

    [Fact]
    public void Devices_beyond_the_limit_are_refused()
    {
        Born(); // press-7
        Assert.True(Send("DBIRTH", DBirth(2), "lathe-2").Admitted);
        AssertRefused(Send("DBIRTH", DBirth(3), "mill-3"), "the limit");
    }

    [Fact]
    public void Birth_with_more_metrics_than_the_limit_is_refused()
    {
        var metrics = Enumerable.Range(0, 9).Select(i => Double("m" + i, (ulong)i + 1, i)).Append(BdSeq(1));
        AssertRefused(Send("NBIRTH", Encode(0, metrics)), "more than the limit");
    }

    [Theory]
    [InlineData("spBv1.0/acme/NDATA")]
    [InlineData("spBv1.0/acme/NDATA/d1/press-7")]   // node message with a device level
    [InlineData("spBv1.0/acme/DDATA/d1")]           // device message without one
    [InlineData("spBv1.0/acme/XDATA/d1")]
    [InlineData("spBv1.0/acme/NDATA/d1/a/b")]
    [InlineData("spBv1.0//NDATA/d1")]
    public void Topic_not_of_the_Sparkplug_namespace_shape_is_refused(string topic) =>
        Assert.Equal(ValidityRefusals.Sparkplug, _stage.Evaluate(Contexts.For(topic, NData(0), "sparkplug")).Refusal);

    [Fact]
    public void DataSet_metric_is_checked_column_by_column()
    {
        var dataSet = new Payload.Types.DataSet { NumOfColumns = 2 };
        dataSet.Columns.Add(["name", "count"]);
        dataSet.Types_.Add([SparkplugDataTypes.String, SparkplugDataTypes.Int32]);
        var row = new Payload.Types.DataSet.Types.Row();
        row.Elements.Add(new Payload.Types.DataSet.Types.DataSetValue { StringValue = "a" });
        row.Elements.Add(new Payload.Types.DataSet.Types.DataSetValue { IntValue = 1 });
        dataSet.Rows.Add(row);
        var metric = new Payload.Types.Metric { Name = "Table", Alias = 9, Datatype = SparkplugDataTypes.DataSet, DatasetValue = dataSet, Timestamp = 1 };
        Assert.True(Send("NBIRTH", Encode(0, [BdSeq(1), metric])).Admitted);

        var badRow = new Payload.Types.DataSet.Types.Row();
        badRow.Elements.Add(new Payload.Types.DataSet.Types.DataSetValue { StringValue = "b" });
        badRow.Elements.Add(new Payload.Types.DataSet.Types.DataSetValue { DoubleValue = 1.5 });
        dataSet.Rows.Add(badRow);
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(2), metric])), "column 1");
    }

    [Fact]
    public void Template_members_are_checked_and_templates_nested_beyond_the_decoder_limit_are_refused()
    {
        var template = new Payload.Types.Template { IsDefinition = false, TemplateRef = "Motor" };
        template.Metrics.Add(new Payload.Types.Metric { Name = "rpm", Datatype = SparkplugDataTypes.Float, DoubleValue = 1, Timestamp = 1 });
        var metric = new Payload.Types.Metric { Name = "M1", Alias = 4, Datatype = SparkplugDataTypes.Template, TemplateValue = template, Timestamp = 1 };
        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(1), metric])), "template member");

        // 200 templates deep: more than the protobuf decoder's recursion limit (100).
        var deep = new Payload.Types.Metric { Name = "leaf", Datatype = SparkplugDataTypes.Int32, IntValue = 1, Timestamp = 1 };
        for (var i = 0; i < 200; i++)
        {
            var wrapper = new Payload.Types.Template();
            wrapper.Metrics.Add(deep);
            deep = new Payload.Types.Metric { Name = "t", Datatype = SparkplugDataTypes.Template, TemplateValue = wrapper, Timestamp = 1 };
        }

        AssertRefused(Send("NBIRTH", Encode(0, [BdSeq(1), deep])), "not a Sparkplug B protobuf payload");
    }

    [Fact]
    public void STATE_of_a_host_application_is_not_decoded_as_protobuf() =>
        Assert.True(_stage.Evaluate(Contexts.For("spBv1.0/STATE/scada-1", """{"online":true,"timestamp":1}"""u8.ToArray(), "sparkplug")).Admitted);

    [Fact]
    public void Without_an_inspector_Sparkplug_payloads_are_not_inspected()
    {
        var stage = new ValidityStage(JsonSchemaRegistry.Empty, null);
        Assert.True(stage.Evaluate(Contexts.For(Topic("NDATA"), new byte[] { 0xFF, 0xFF }, "sparkplug")).Admitted);
    }

    [Fact]
    public void Reasons_do_not_echo_metric_names_or_values()
    {
        var secret = new Payload.Types.Metric { Name = "s3cr3t-name", Alias = 1, Datatype = SparkplugDataTypes.Int32, StringValue = "s3cr3t-value", Timestamp = 1 };
        var verdict = Send("NBIRTH", Encode(0, [BdSeq(1), secret]));
        Assert.False(verdict.Admitted);
        Assert.DoesNotContain("s3cr3t", verdict.ReasonString, StringComparison.Ordinal);
        Assert.Contains("metric #1", verdict.ReasonString, StringComparison.Ordinal);
    }

    private sealed class RecordingObserver : ISparkplugObserver
    {
        public List<SparkplugSequenceGap> Gaps { get; } = [];

        public void OnSequenceGap(SparkplugSequenceGap gap) => Gaps.Add(gap);
    }
}

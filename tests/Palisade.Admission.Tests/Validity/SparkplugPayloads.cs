using Google.Protobuf;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Admission.Validity.Sparkplug.Proto;

namespace Palisade.Admission.Tests.Validity;

/// <summary>Real Sparkplug B payloads, encoded with the generated protobuf classes as an edge node would.</summary>
internal static class SparkplugPayloads
{
    public const string Group = "acme";
    public const string Edge = "d1";

    public static string Topic(string type, string? device = null) =>
        $"spBv1.0/{Group}/{type}/{Edge}" + (device is null ? "" : "/" + device);

    public static Payload.Types.Metric Int32(string? name, ulong alias, uint value) =>
        new() { Name = name ?? "", Alias = alias, Datatype = SparkplugDataTypes.Int32, IntValue = value, Timestamp = 1 };

    public static Payload.Types.Metric Double(string name, ulong alias, double value) =>
        new() { Name = name, Alias = alias, Datatype = SparkplugDataTypes.Double, DoubleValue = value, Timestamp = 1 };

    public static Payload.Types.Metric Text(string name, ulong alias, string value) =>
        new() { Name = name, Alias = alias, Datatype = SparkplugDataTypes.String, StringValue = value, Timestamp = 1 };

    public static Payload.Types.Metric BdSeq(ulong value) =>
        new() { Name = "bdSeq", Datatype = SparkplugDataTypes.Int64, LongValue = value, Timestamp = 1 };

    /// <summary>A data metric as 6.4.6 wants it: alias only, no name, no datatype.</summary>
    public static Payload.Types.Metric ByAlias(ulong alias, Action<Payload.Types.Metric> setValue)
    {
        var metric = new Payload.Types.Metric { Alias = alias, Timestamp = 2 };
        setValue(metric);
        return metric;
    }

    public static byte[] NBirth(ulong bdSeq, ulong seq = 0) => Encode(seq, [
        BdSeq(bdSeq),
        new Payload.Types.Metric { Name = "Node Control/Rebirth", Datatype = SparkplugDataTypes.Boolean, BooleanValue = false, Timestamp = 1 },
        Double("Spindle/Temperature", 1, 61.5),
        Int32("Line/Counter", 2, 100),
    ]);

    public static byte[] NDeath(ulong bdSeq)
    {
        var payload = new Payload { Timestamp = 3 };
        payload.Metrics.Add(BdSeq(bdSeq));
        return payload.ToByteArray();
    }

    public static byte[] DBirth(ulong seq) => Encode(seq, [Double("Vibration", 10, 2.5), Text("State", 11, "running")]);

    public static byte[] NData(ulong seq, double temperature = 62.0) => Encode(seq, [ByAlias(1, m => m.DoubleValue = temperature)]);

    public static byte[] DData(ulong seq) => Encode(seq, [ByAlias(10, m => m.DoubleValue = 2.7)]);

    public static byte[] DDeath(ulong seq) => Encode(seq, []);

    public static byte[] Encode(ulong? seq, IEnumerable<Payload.Types.Metric> metrics)
    {
        var payload = new Payload { Timestamp = 1_764_115_200_000 };
        if (seq is { } s)
        {
            payload.Seq = s;
        }

        payload.Metrics.AddRange(metrics);
        return payload.ToByteArray();
    }
}

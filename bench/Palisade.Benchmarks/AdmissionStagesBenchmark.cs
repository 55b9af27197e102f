using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Palisade.Admission.Integrity;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Replay;
using Palisade.Mqtt.Packets;

namespace Palisade.Benchmarks;

/// <summary>
/// The broker-side cost of the integrity envelope per message (issue 5, target "HMAC-verified throughput >= 0.9 x
/// integrity off"): the integrity stage (prefix read, key lookup, HMAC-SHA256 verification) and the anti-replay stage
/// on the benchmark's 177-byte signed telemetry, against the same stages on the unsigned body (integrity not
/// required: what "integrity off" runs). Each iteration is a new sequence number, as on the wire.
/// Run: <c>dotnet run -c Release --project bench/Palisade.Benchmarks -- --filter '*AdmissionStages*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class AdmissionStagesBenchmark
{
    private const string Device = "pub0";
    private const string Topic = "p/bench/d/pub0/telemetry/load";
    private const int Messages = 4096;

    private readonly byte[] _body = """{"machineId":"pub0","ts":1764124800000,"state":"running","temperatureC":71.25,"vibrationMmS":2.5,"counter":123456,"rejects":12,"spindleRpm":12000}"""u8.ToArray();
    private IntegrityStage _integrityRequired = null!;
    private IntegrityStage _integrityOff = null!;
    private ReplayStage _replay = null!;
    private PublishPacket[] _signed = null!;
    private PublishPacket _plain = null!;
    private int _next;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var keys = new InMemoryDeviceKeyDirectory();
        keys.Set(Device, [new DeviceKey("k1", KeyAlgorithm.HmacSha256, secret)]);
        _integrityRequired = new IntegrityStage(keys, IntegrityRequirement.Always);
        _integrityOff = new IntegrityStage(keys, IntegrityRequirement.Never);
        _replay = new ReplayStage(new ReplayOptions());
        _now = DateTimeOffset.UtcNow;
        var signer = EnvelopeSigner.CreateHmacSha256("k1", secret);
        _signed = new PublishPacket[Messages];
        _plain = new PublishPacket { Topic = Topic, Payload = _body };
        for (var i = 0; i < Messages; i++)
        {
            _signed[i] = new PublishPacket { Topic = Topic, Payload = signer.CreatePrefixedPayload(Topic, (ulong)(i + 1), _now, _body) };
        }
    }

    private AdmissionContext Context(PublishPacket packet) =>
        new(packet, Device, "bench", _now) { IsV5 = false, TopicClass = "telemetry" };

    [Benchmark(Baseline = true, Description = "integrity off + replay, unsigned body")]
    public bool IntegrityOffAndReplay()
    {
        var context = Context(_plain);
        return _integrityOff.Evaluate(context).Admitted & _replay.Evaluate(context).Admitted;
    }

    [Benchmark(Description = "integrity required (HMAC) + replay, signed")]
    public bool HmacAndReplay()
    {
        var i = _next++ % Messages;
        if (i == 0 && _next > 1)
        {
            // A fresh stage per lap, so every message is new to the replay window (sequence numbers restart).
            _replay = new ReplayStage(new ReplayOptions());
        }

        var context = Context(_signed[i]);
        return _integrityRequired.Evaluate(context).Admitted & _replay.Evaluate(context).Admitted;
    }

    [Benchmark(Description = "integrity required (HMAC) only, signed")]
    public bool IntegrityOnly() => _integrityRequired.Evaluate(Context(_signed[_next++ % Messages])).Admitted;
}

// Simulation, not security: a seeded System.Random makes a run reproducible, which a CSPRNG cannot.
#pragma warning disable RS0030, CA5394

using System.Globalization;
using System.Text;

namespace Palisade.Simulation;

/// <summary>
/// One simulated production machine, stepped once per sample: a small Markov chain over machine states (idle, starting,
/// running, fault) with state-dependent dwell times, a spindle temperature that follows its state's target with a
/// first-order lag and noise, a vibration RMS that rises slowly with wear and jumps in a fault, and a part counter that
/// advances only while running. Enough realism that a dashboard, a schema or an anomaly rule sees plausible data;
/// not a physics model. Deterministic for a given seed, so a demonstration or a test can be replayed.
/// </summary>
internal sealed class MachineModel
{
    private static readonly string[] StateNames = ["idle", "starting", "running", "fault"];

    // Target spindle temperature (deg C) and vibration baseline (mm/s RMS) per state.
    private static readonly double[] TargetTemperature = [24.0, 30.0, 68.0, 45.0];
    private static readonly double[] BaseVibration = [0.2, 0.8, 2.4, 7.5];

    // Mean number of samples a state lasts, and where it goes next.
    private static readonly double[] MeanDwell = [20, 8, 120, 15];

    private readonly Random _random;
    private int _state;
    private int _remaining;
    private double _temperature;
    private double _wear;

    public MachineModel(string machineId, int seed)
    {
        MachineId = machineId;
        _random = new Random(seed);
        _state = 0;
        _remaining = Dwell(0);
        _temperature = TargetTemperature[0] + _random.NextDouble();
    }

    public string MachineId { get; }

    public string State => StateNames[_state];

    public long Counter { get; private set; }

    public double Temperature => Math.Round(_temperature, 2);

    public double Vibration { get; private set; }

    /// <summary>Advances one sample; returns true when the machine changed state (an event worth publishing).</summary>
    public bool Step()
    {
        var changed = false;
        if (--_remaining <= 0)
        {
            _state = Next(_state);
            _remaining = Dwell(_state);
            changed = true;
        }

        _temperature += (TargetTemperature[_state] - _temperature) * 0.08 + Gaussian() * 0.3;
        if (_state == 2)
        {
            Counter += 1 + (_random.NextDouble() < 0.1 ? 1 : 0);
            Rejects += _random.NextDouble() < 0.02 ? 1 : 0;
            _wear += 0.0005;
        }

        SpindleRpm = _state == 2 ? Math.Round(12000 + Gaussian() * 40, 1) : 0;

        Vibration = Math.Round(Math.Max(0, BaseVibration[_state] * (1 + _wear) + Gaussian() * 0.15), 3);
        return changed;
    }

    /// <summary>Parts rejected by quality control (about 2 % of production).</summary>
    public long Rejects { get; private set; }

    /// <summary>Spindle speed: nominal while running, zero otherwise.</summary>
    public double SpindleRpm { get; private set; }

    /// <summary>The telemetry sample as JSON, valid against samples/schemas/telemetry.schema.json.</summary>
    public byte[] TelemetryJson(DateTimeOffset now)
    {
        var alarm = _state == 3 ? ",\"alarm\":\"SPINDLE-OVERLOAD\"" : "";
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"machineId":"{{MachineId}}","ts":{{now.ToUnixTimeMilliseconds()}},"state":"{{State}}","temperatureC":{{Temperature}},"vibrationMmS":{{Vibration}},"counter":{{Counter}},"rejects":{{Rejects}},"spindleRpm":{{SpindleRpm}}{{alarm}}}"""));
    }

    /// <summary>A state-change event as JSON.</summary>
    public byte[] StateEventJson(DateTimeOffset now) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$"""{"machineId":"{{MachineId}}","ts":{{now.ToUnixTimeMilliseconds()}},"event":"state-changed","state":"{{State}}"}"""));

    private int Next(int state) => state switch
    {
        0 => 1,                                          // idle -> setup
        1 => 2,                                          // setup -> running
        2 => _random.NextDouble() < 0.15 ? 3 : 0,        // running -> fault (15 %) or idle
        _ => 0,                                          // fault -> idle (repaired)
    };

    private int Dwell(int state) => Math.Max(1, (int)(-Math.Log(1 - _random.NextDouble()) * MeanDwell[state]));

    private double Gaussian()
    {
        // Box-Muller: one normal sample from two uniforms.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

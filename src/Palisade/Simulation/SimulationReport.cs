using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Palisade.Simulation;

/// <summary>The end-of-run report of <c>palisade simulate</c>: text for people, JSON for scripts and tests.</summary>
internal static class SimulationReport
{
    public static string Text(SimulationSettings settings, int devices, SimulationTally tally, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"simulate: {devices} device(s) of {settings.ParticipantId}, {tally.DevicesConnected} connected, {elapsed.TotalSeconds:0.0} s, MQTT {(settings.Version == Mqtt.MqttProtocolVersion.V500 ? "5.0" : "3.1.1")}, QoS {(int)settings.QoS}");
        text.AppendLine("kind        outcome      count");
        foreach (var (kind, outcome, count) in tally.Rows())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{Name(kind),-11} {Describe(outcome),-12} {count}");
        }

        if (tally.CommandsReceived > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"commands received: {tally.CommandsReceived}");
        }

        foreach (var (reason, count) in tally.CloseReasons())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"connection ended x{count}: {reason}");
        }

        return text.ToString();
    }

    public static string Json(SimulationSettings settings, int devices, SimulationTally tally, TimeSpan elapsed)
    {
        var report = new Dictionary<string, object>
        {
            ["participant"] = settings.ParticipantId,
            ["devices"] = devices,
            ["connected"] = tally.DevicesConnected,
            ["connectRefused"] = tally.ConnectRefusals,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 2),
            ["commandsReceived"] = tally.CommandsReceived,
            ["outcomes"] = tally.Rows().GroupBy(r => Name(r.Kind)).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Outcome, r => r.Count)),
            ["connectionsEnded"] = tally.CloseReasons().ToDictionary(r => r.Reason, r => r.Count),
        };
        return JsonSerializer.Serialize(report, SimulationJson.Options) + Environment.NewLine;
    }

    private static string Name(Misbehaviour kind) => kind == Misbehaviour.None ? "valid" : kind.ToString().ToLowerInvariant();

    private static string Describe(string outcome) => outcome switch
    {
        "0x00" => "0x00 ok",
        "0x83" => "0x83 replay",
        "0x87" => "0x87 denied",
        "0x97" => "0x97 quota",
        "0x99" => "0x99 invalid",
        _ => outcome,
    };
}

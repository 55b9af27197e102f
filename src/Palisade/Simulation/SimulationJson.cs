using System.Text.Json;

namespace Palisade.Simulation;

/// <summary>JSON options of the simulate report (indented, camelCase as written by the report itself).</summary>
internal static class SimulationJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}

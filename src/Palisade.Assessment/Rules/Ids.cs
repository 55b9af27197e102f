using Palisade.Assessment.Description;

namespace Palisade.Assessment.Rules;

/// <summary>Catalogue ids the rules use, spelt in one place.</summary>
internal static class Ids
{
    public static string Threat(string item) => "threat.6.2." + item;

    public static string Characteristic(string letter) => "characteristic.6.1." + letter;

    public static string Control(string clause) => "control." + clause;

    /// <summary>Data whose disclosure hurts: everything but control traffic and short-lived measurements (8.2.4 f).</summary>
    public static bool IsConfidential(DataClass dataClass) =>
        dataClass is DataClass.Sensitive or DataClass.IntellectualProperty or DataClass.Personal;

    /// <summary>Impact of altering or disclosing a flow's data, by class.</summary>
    public static int ImpactOf(DataClass dataClass) => dataClass switch
    {
        DataClass.Control => 5,
        DataClass.ShortLivedMeasurement => 3,
        _ => 4,
    };
}

namespace Palisade.Assessment.Description;

/// <summary>Data moving from one asset to another.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="From">Sending asset.</param>
/// <param name="To">Receiving asset.</param>
/// <param name="Protocol">Protocol, e.g. <c>mqtt</c>, <c>opc-ua</c>, <c>modbus-tcp</c>, <c>https</c>.</param>
/// <param name="Encrypted">Payload or channel is encrypted.</param>
/// <param name="Authenticated">Both ends are authenticated.</param>
/// <param name="IntegrityProtected">Alteration is detected (MAC, signature, authenticated encryption).</param>
/// <param name="Class">What the data is.</param>
/// <param name="CrossesBorder">True when stated to cross a border; the engine also derives it from jurisdictions.</param>
/// <param name="Volume">How much data the flow carries.</param>
public sealed record DataFlow(
    string Id,
    string From,
    string To,
    string Protocol,
    bool Encrypted,
    bool Authenticated,
    bool IntegrityProtected,
    DataClass Class,
    bool CrossesBorder,
    FlowVolume Volume);

/// <summary>Class of the data in a flow (6.1 o, 8.2.4 f).</summary>
public enum DataClass
{
    /// <summary>Commands, set points, alarms: real-time control traffic.</summary>
    Control,
    /// <summary>Cyclic measurements whose value expires quickly: integrity matters, confidentiality usually not.</summary>
    ShortLivedMeasurement,
    /// <summary>Sensitive production or business data.</summary>
    Sensitive,
    /// <summary>Recipes, designs, programs: intellectual property.</summary>
    IntellectualProperty,
    /// <summary>Personal data.</summary>
    Personal,
}

/// <summary>How much data a flow carries.</summary>
public enum FlowVolume
{
    /// <summary>Occasional messages.</summary>
    Low,
    /// <summary>Steady traffic.</summary>
    Medium,
    /// <summary>Bulk real-time data (raw sensor streams, video).</summary>
    High,
}

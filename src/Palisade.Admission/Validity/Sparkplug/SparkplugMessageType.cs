namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>The message_type level of a Sparkplug B topic (spec 3.0.0, 4.1 "Topic Namespace Elements").</summary>
public enum SparkplugMessageType
{
    /// <summary>Edge node birth certificate.</summary>
    NBirth,

    /// <summary>Edge node death certificate.</summary>
    NDeath,

    /// <summary>Edge node data.</summary>
    NData,

    /// <summary>Edge node command (host application to edge node).</summary>
    NCmd,

    /// <summary>Device birth certificate.</summary>
    DBirth,

    /// <summary>Device death certificate.</summary>
    DDeath,

    /// <summary>Device data.</summary>
    DData,

    /// <summary>Device command (host application to device).</summary>
    DCmd,

    /// <summary>Host application state (spBv1.0/STATE/{host_id}).</summary>
    State,
}

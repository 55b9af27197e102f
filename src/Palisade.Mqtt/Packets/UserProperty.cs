namespace Palisade.Mqtt.Packets;

/// <summary>An MQTT 5.0 user property: a name/value string pair; order and duplicates are significant.</summary>
public readonly record struct UserProperty(string Name, string Value);

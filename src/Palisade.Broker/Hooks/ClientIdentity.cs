namespace Palisade.Broker.Hooks;

/// <summary>
/// Who a connection is, as decided by <see cref="IConnectionAuthenticator"/>. Later issues fill in the participant
/// and the device or application record; the broker core only carries it to the other hooks.
/// </summary>
/// <param name="ClientId">The MQTT client identifier.</param>
/// <param name="Principal">The authenticated principal (device id, application id, user name); null when anonymous.</param>
/// <param name="ParticipantId">The participant (tenant) the principal belongs to; null when not applicable.</param>
/// <param name="Attributes">Further facts for policy hooks (kind, device class, ...).</param>
public sealed record ClientIdentity(
    string ClientId,
    string? Principal,
    string? ParticipantId,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static ClientIdentity Anonymous(string clientId) =>
        new(clientId, null, null, new Dictionary<string, string>(0));
}

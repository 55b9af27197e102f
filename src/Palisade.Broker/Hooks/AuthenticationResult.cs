using Palisade.Mqtt;

namespace Palisade.Broker.Hooks;

/// <summary>Result of authenticating a CONNECT: an identity, or a refusal with its CONNACK reason.</summary>
public readonly record struct AuthenticationResult(ClientIdentity? Identity, ReasonCode Reason, string? ReasonString)
{
    public bool Succeeded => Identity is not null;
    public static AuthenticationResult Accept(ClientIdentity identity) => new(identity, ReasonCode.Success, null);
    public static AuthenticationResult Refuse(ReasonCode reason, string reasonString) => new(null, reason, reasonString);
}

using System.Net;

namespace Palisade.Edge.Identity;

/// <summary>What a user-name/password CONNECT presents (devices that cannot hold certificates, and applications).</summary>
internal sealed record SecretConnectAttempt(
    string? UserName,
    ReadOnlyMemory<byte>? Password,
    string ClientId,
    IPAddress? SourceAddress,
    bool IsTls,
    DateTimeOffset Now);

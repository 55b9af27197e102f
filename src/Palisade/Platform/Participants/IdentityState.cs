namespace Palisade.Platform.Participants;

/// <summary>Life-cycle state of a participant, device or application. Revoked is final.</summary>
internal enum IdentityState
{
    Active,
    Suspended,
    Revoked,
}

internal static class IdentityStateText
{
    public static string ToText(this IdentityState state) => state switch
    {
        IdentityState.Active => "active",
        IdentityState.Suspended => "suspended",
        IdentityState.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static IdentityState Parse(string text) => text switch
    {
        "active" => IdentityState.Active,
        "suspended" => IdentityState.Suspended,
        "revoked" => IdentityState.Revoked,
        _ => throw new FormatException("unknown identity state in store"),
    };
}

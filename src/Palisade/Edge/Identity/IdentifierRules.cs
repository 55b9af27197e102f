using System.Buffers;

namespace Palisade.Edge.Identity;

/// <summary>
/// Syntax of participant, device and application ids. They become topic levels and MQTT client ids, so they may not
/// contain '/', '+', '#', '$', ':' or spaces: one id is always exactly one topic level and can never act as a wildcard.
/// </summary>
internal static class IdentifierRules
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>Null when <paramref name="id"/> is acceptable, otherwise what is wrong with it.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "must not be empty";
        }

        if (id.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        if (id.AsSpan().IndexOfAnyExcept(Allowed) >= 0)
        {
            return "may contain only letters, digits, '.', '_' and '-'";
        }

        if (id[0] is '.' or '-')
        {
            return "must start with a letter, digit or '_'";
        }

        return null;
    }
}

using System.Reflection;

namespace Palisade.Edge.Identity;

/// <summary>
/// Decides whether an imported secret (one Palisade did not generate, e.g. from a legacy device that cannot be
/// re-keyed) is strong enough to register. Generated secrets never pass through here: they have 256 random bits.
/// Refused: known default and weak secrets (embedded list), anything under 16 characters, fewer than 8 distinct
/// characters, an estimated strength under 64 bits, runs and repeats ("aaaa...", "1234..."), and secrets that
/// contain the device or participant id.
/// </summary>
internal static class WeakSecretPolicy
{
    public const int MinimumLength = 16;
    public const int MinimumDistinctCharacters = 8;
    public const double MinimumEstimatedBits = 64;

    private static readonly Lazy<HashSet<string>> KnownWeak = new(LoadList);

    /// <summary>Null when the secret is acceptable; otherwise why not (never containing the secret itself).</summary>
    public static string? Problem(string secret, string deviceId, string participantId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var trimmed = secret.Trim();
        if (IsKnownWeak(trimmed))
        {
            return "it is a known default or weak secret";
        }

        if (trimmed.Length != secret.Length)
        {
            return "it has leading or trailing white space";
        }

        if (secret.Length < MinimumLength)
        {
            return $"it is shorter than {MinimumLength} characters";
        }

        if (secret.Contains(deviceId, StringComparison.OrdinalIgnoreCase) || secret.Contains(participantId, StringComparison.OrdinalIgnoreCase))
        {
            return "it contains the device or participant id";
        }

        if (secret.Distinct().Count() < MinimumDistinctCharacters)
        {
            return $"it has fewer than {MinimumDistinctCharacters} distinct characters";
        }

        if (LongestRun(secret) >= 4)
        {
            return "it contains a run of 4 or more repeated or consecutive characters";
        }

        if (EstimatedBits(secret) < MinimumEstimatedBits)
        {
            return $"its estimated strength is under {MinimumEstimatedBits} bits";
        }

        return null;
    }

    internal static bool IsKnownWeak(string secret)
    {
        var lowered = secret.ToLowerInvariant();
        if (KnownWeak.Value.Contains(lowered))
        {
            return true;
        }

        // "Admin2024!", "password123": a listed word dressed with digits and punctuation at the end.
        var stripped = lowered.TrimEnd("0123456789!@#$%^&*.?_-".ToCharArray());
        if (stripped.Length > 0 && KnownWeak.Value.Contains(stripped))
        {
            return true;
        }

        // A listed word repeated ("adminadminadminadmin").
        foreach (var word in KnownWeak.Value)
        {
            if (word.Length >= 3 && lowered.Length % word.Length == 0 && string.Concat(Enumerable.Repeat(word, lowered.Length / word.Length)) == lowered)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Length times log2 of the character pool the secret draws from (lower, upper, digits, other).</summary>
    internal static double EstimatedBits(string secret)
    {
        var pool = 0;
        if (secret.Any(char.IsAsciiLetterLower)) pool += 26;
        if (secret.Any(char.IsAsciiLetterUpper)) pool += 26;
        if (secret.Any(char.IsAsciiDigit)) pool += 10;
        if (secret.Any(c => !char.IsAsciiLetterOrDigit(c))) pool += 33;
        return pool == 0 ? 0 : secret.Length * Math.Log2(pool);
    }

    internal static int LongestRun(string secret)
    {
        int longest = 1, same = 1, up = 1, down = 1;
        for (var i = 1; i < secret.Length; i++)
        {
            same = secret[i] == secret[i - 1] ? same + 1 : 1;
            up = secret[i] == secret[i - 1] + 1 ? up + 1 : 1;
            down = secret[i] == secret[i - 1] - 1 ? down + 1 : 1;
            longest = Math.Max(longest, Math.Max(same, Math.Max(up, down)));
        }

        return longest;
    }

    private static HashSet<string> LoadList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Palisade.Edge.Identity.weak-secrets.txt")
            ?? throw new InvalidOperationException("embedded weak-secret list missing");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set;
    }
}

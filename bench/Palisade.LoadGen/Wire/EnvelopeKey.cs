using System.Globalization;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// A device's HMAC-SHA256 envelope key: the key id the broker knows it by and the 32-byte secret.
/// File format (benchmark-only, written by the harness from the output of <c>palisade device key add</c>): one line
/// <c>KID SECRET</c>, the secret in hex (64 digits), base64 or base64url.
/// </summary>
internal sealed record EnvelopeKey(string KeyId, byte[] Secret)
{
    public static EnvelopeKey Load(string path)
    {
        var text = File.ReadAllText(path).Trim();
        var parts = text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            throw new FormatException($"{path}: expected one line 'KID SECRET'.");
        }

        return new EnvelopeKey(parts[0], ParseSecret(parts[1], path));
    }

    internal static byte[] ParseSecret(string text, string source)
    {
        if (text.Length == 64 && text.All(char.IsAsciiHexDigit))
        {
            return Convert.FromHexString(text);
        }

        var b64 = text.Replace('-', '+').Replace('_', '/');
        b64 += (b64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(b64);
        }
        catch (FormatException)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}: the secret is neither hex nor base64."));
        }
    }
}

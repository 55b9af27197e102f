using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Palisade.Edge.Identity;

/// <summary>
/// An address range for source allowlisting (8.2.4 e): an IPv4 or IPv6 network in CIDR form, or one address.
/// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, which dual-stack sockets report for IPv4 peers) are compared as
/// IPv4, so a rule written "10.0.0.0/8" holds whichever socket family accepted the connection.
/// </summary>
internal sealed class CidrRange : IEquatable<CidrRange>
{
    private readonly byte[] _network;

    private CidrRange(byte[] network, int prefixLength, AddressFamily family)
    {
        _network = network;
        PrefixLength = prefixLength;
        Family = family;
    }

    public int PrefixLength { get; }

    public AddressFamily Family { get; }

    /// <summary>Parses "a.b.c.d/n", "x::/n" or a single address. Host bits must be zero ("10.0.0.1/8" is refused as a likely typo).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CidrRange? range, out string? problem)
    {
        range = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "empty address range";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            problem = $"'{text}' is not an IP address or CIDR range";
            return false;
        }

        // A rule written in mapped form (::ffff:10.0.0.0/104) is the IPv4 rule 10.0.0.0/8.
        var mapped = address.IsIPv4MappedToIPv6;
        var writtenMax = mapped ? 128 : address.GetAddressBytes().Length * 8;
        var prefix = writtenMax;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > writtenMax
            || (mapped && prefix < 96)))
        {
            problem = $"'{text}': prefix length must be {(mapped ? 96 : 0)}..{writtenMax}";
            return false;
        }

        if (mapped)
        {
            prefix -= 96;
        }

        address = Normalise(address);
        var bytes = address.GetAddressBytes();

        if (!HostBitsAreZero(bytes, prefix))
        {
            problem = $"'{text}': address has bits set beyond the /{prefix} prefix";
            return false;
        }

        range = new CidrRange(bytes, prefix, address.AddressFamily);
        return true;
    }

    public static CidrRange Parse(string text) =>
        TryParse(text, out var range, out var problem) ? range : throw new FormatException(problem);

    /// <summary>Whether <paramref name="address"/> lies in this range.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Normalise(address);
        if (address.AddressFamily != Family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != _network.Length)
        {
            return false;
        }

        var fullBytes = PrefixLength / 8;
        if (!bytes[..fullBytes].SequenceEqual(_network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var remainingBits = PrefixLength % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (bytes[fullBytes] & mask) == _network[fullBytes];
    }

    /// <summary>True when the allowlist is empty (no restriction) or one of its ranges holds the address.</summary>
    public static bool AllowlistPermits(IReadOnlyList<CidrRange> allowlist, IPAddress? address)
    {
        if (allowlist.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        foreach (var range in allowlist)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => new IPAddress(_network).ToString() + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    public bool Equals(CidrRange? other) =>
        other is not null && PrefixLength == other.PrefixLength && _network.AsSpan().SequenceEqual(other._network);

    public override bool Equals(object? obj) => Equals(obj as CidrRange);

    public override int GetHashCode() => HashCode.Combine(PrefixLength, _network.Length, _network[0]);

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool HostBitsAreZero(byte[] bytes, int prefix)
    {
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }
}

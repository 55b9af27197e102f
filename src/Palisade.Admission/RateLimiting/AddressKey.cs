using System.Net;
using System.Net.Sockets;

namespace Palisade.Admission.RateLimiting;

/// <summary>
/// The unit a source address is limited by: an IPv4 address (IPv4-mapped IPv6 addresses are the same IPv4 address), or
/// an IPv6 /64 prefix — one subscriber line gets a whole /64, so limiting single IPv6 addresses would limit nothing.
/// </summary>
public readonly record struct AddressKey(UInt128 Value)
{
    private const ulong V4Marker = 0xFFFF_0000_0000UL;

    public static AddressKey From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            var v4 = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
            return new AddressKey(V4Marker | v4);
        }

        address.TryWriteBytes(bytes, out _);
        ulong high = 0;
        for (var i = 0; i < 8; i++)
        {
            high = (high << 8) | bytes[i];
        }

        return new AddressKey(new UInt128(high, 0));
    }

    public bool IsIPv4 => (Value >> 64) == 0 && ((ulong)Value & 0xFFFF_FFFF_0000_0000UL) == V4Marker;

    /// <summary>"192.0.2.7" or "2001:db8:1:2::/64".</summary>
    public override string ToString()
    {
        if (IsIPv4)
        {
            var v4 = (uint)(ulong)Value;
            return new IPAddress([(byte)(v4 >> 24), (byte)(v4 >> 16), (byte)(v4 >> 8), (byte)v4]).ToString();
        }

        var high = (ulong)(Value >> 64);
        var bytes = new byte[16];
        for (var i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(high >> (56 - (8 * i)));
        }

        return new IPAddress(bytes) + "/64";
    }
}

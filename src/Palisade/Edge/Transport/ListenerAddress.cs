using System.Net;

namespace Palisade.Edge.Transport;

/// <summary>Parses the <c>Address</c> of a listener: an IP literal, <c>localhost</c>, or <c>*</c> (all interfaces).</summary>
internal static class ListenerAddress
{
    public const string AnyAddress = "*";

    public static bool TryParse(string? text, out IPAddress? address, out bool any, out bool localhost)
    {
        address = null;
        any = false;
        localhost = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (text == AnyAddress)
        {
            any = true;
            return true;
        }
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            localhost = true;
            return true;
        }
        return IPAddress.TryParse(text, out address);
    }

    public static bool IsLoopback(string text) =>
        TryParse(text, out var address, out var any, out var localhost) && !any && (localhost || IPAddress.IsLoopback(address!));
}

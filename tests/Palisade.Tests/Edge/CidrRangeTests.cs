using System.Net;
using Palisade.Edge.Identity;

namespace Palisade.Tests.Edge;

public sealed class CidrRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.128/25", "192.168.1.200", true)]
    [InlineData("192.168.1.128/25", "192.168.1.127", false)]
    [InlineData("192.168.1.5", "192.168.1.5", true)]
    [InlineData("192.168.1.5", "192.168.1.6", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("2001:db8::/127", "2001:db8::1", true)]
    [InlineData("2001:db8::/127", "2001:db8::2", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]   // dual-stack socket reporting an IPv4 peer
    [InlineData("::ffff:10.0.0.0/104", "10.1.2.3", true)] // rule written in mapped form
    [InlineData("10.0.0.0/8", "::a01:203", false)]        // IPv4-compatible is not IPv4-mapped
    [InlineData("::/0", "10.0.0.1", false)]               // an IPv6 rule never admits an IPv4 peer
    public void Range_contains_exactly_the_addresses_of_its_prefix(string range, string address, bool expected) =>
        Assert.Equal(expected, CidrRange.Parse(range).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.1/8")]   // host bits set: a likely typo
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    [InlineData("example.com")]
    [InlineData("")]
    [InlineData("fe80::1%eth0")]
    public void Malformed_ranges_are_refused_with_a_reason(string text)
    {
        Assert.False(CidrRange.TryParse(text, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Empty_allowlist_permits_any_address_and_a_non_empty_one_refuses_unknown_sources()
    {
        Assert.True(CidrRange.AllowlistPermits([], IPAddress.Parse("203.0.113.9")));
        var list = new[] { CidrRange.Parse("10.0.0.0/8"), CidrRange.Parse("2001:db8::/32") };
        Assert.True(CidrRange.AllowlistPermits(list, IPAddress.Parse("2001:db8::9")));
        Assert.False(CidrRange.AllowlistPermits(list, IPAddress.Parse("203.0.113.9")));
        Assert.False(CidrRange.AllowlistPermits(list, null));
    }

    [Fact]
    public void Range_prints_in_canonical_cidr_form() =>
        Assert.Equal("10.0.0.0/8", CidrRange.Parse("10.0.0.0/8").ToString());
}

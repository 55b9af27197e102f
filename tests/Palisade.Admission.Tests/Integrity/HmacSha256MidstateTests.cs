using System.Security.Cryptography;
using FsCheck.Xunit;
using Palisade.Admission.Integrity;

namespace Palisade.Admission.Tests.Integrity;

/// <summary>
/// The precomputed-state HMAC must equal .NET's HMACSHA256 for every key and message, and the verifier must give the
/// same answers on both of its paths.
/// </summary>
public sealed class HmacSha256MidstateTests
{
    [Fact]
    public void Fast_path_is_available_on_linux_with_openssl()
    {
        // CI and the benchmark machine run Debian with OpenSSL 3: the fast path must be in use there, not silently
        // replaced by the fallback (which would pass every other test here).
        // (libcrypto is looked up on Linux only; elsewhere the fallback is the only path.)
        Assert.Equal(OperatingSystem.IsLinux(), HmacSha256Midstate.IsAvailable);
        Assert.Equal(OperatingSystem.IsLinux(), new HmacSha256Verifier(new byte[32]).UsesMidstate);
    }

    [Theory]
    // RFC 4231 test cases 1 and 2 with their published tags.
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void Matches_the_rfc_4231_vectors(string keyHex, string dataHex, string tagHex)
    {
        if (!HmacSha256Midstate.IsAvailable)
        {
            return; // not Linux: see Fast_path_is_available_on_linux_with_openssl
        }

        var tag = new byte[32];
        HmacSha256Midstate.TryCreate(Convert.FromHexString(keyHex))!.Compute(Convert.FromHexString(dataHex), tag);
        Assert.Equal(tagHex, Convert.ToHexStringLower(tag));
    }

    [Property(MaxTest = 300)]
    public bool Equals_HMACSHA256_for_any_key_and_message(byte[] key, byte[] message)
    {
        if (!HmacSha256Midstate.IsAvailable)
        {
            return true; // not Linux: see Fast_path_is_available_on_linux_with_openssl
        }

        var ours = new byte[32];
        HmacSha256Midstate.TryCreate(key)!.Compute(message, ours);
        return ours.AsSpan().SequenceEqual(HMACSHA256.HashData(key, message));
    }

    [Fact]
    public void Equals_HMACSHA256_across_block_boundaries()
    {
        if (!HmacSha256Midstate.IsAvailable)
        {
            return; // not Linux: see Fast_path_is_available_on_linux_with_openssl
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var state = HmacSha256Midstate.TryCreate(key)!;
        var data = RandomNumberGenerator.GetBytes(70_000);
        var tag = new byte[32];
        // Lengths around the 55/56/64-byte padding edges of SHA-256 and well beyond them (many blocks per update).
        foreach (var length in new[] { 0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 230, 1024, 1200, 4097, 70_000 })
        {
            state.Compute(data.AsSpan(0, length), tag);
            Assert.Equal(HMACSHA256.HashData(key, data.AsSpan(0, length)), tag);
        }
    }

    [Fact]
    public void Verifier_answers_the_same_on_the_fast_path_and_the_fallback()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var fast = new HmacSha256Verifier(secret);
        var fallback = new HmacSha256Verifier(secret, useMidstate: false);
        Assert.False(fallback.UsesMidstate);
        var input = RandomNumberGenerator.GetBytes(230);
        var good = HMACSHA256.HashData(secret, input);
        var bad = (byte[])good.Clone();
        bad[31] ^= 1;
        foreach (var verifier in new[] { fast, fallback })
        {
            Assert.True(verifier.Verify(input, good));
            Assert.False(verifier.Verify(input, bad));
            Assert.False(verifier.Verify(input, good.AsSpan(0, 31)));
        }
    }

    [Fact]
    public void Many_threads_verifying_with_one_key_all_get_right_answers()
    {
        // The fast path keeps no per-message state on the key: concurrent use must not mix messages.
        var secret = RandomNumberGenerator.GetBytes(32);
        var verifier = new HmacSha256Verifier(secret);
        var failures = 0;
        Parallel.For(0, 8, worker =>
        {
            var input = new byte[100 + worker];
            for (var i = 0; i < 2000; i++)
            {
                input[i % input.Length] = (byte)(i + worker);
                var tag = HMACSHA256.HashData(secret, input);
                if (!verifier.Verify(input, tag))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }
}

using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Palisade.Benchmarks;

/// <summary>
/// Ways to compute HMAC-SHA256 over a 230-byte tag input (the benchmark's telemetry with its envelope facts) with one
/// device secret: the broker's choice in <c>HmacSha256Verifier</c> rests on this comparison.
/// Run: <c>dotnet run -c Release --project bench/Palisade.Benchmarks -- --filter '*HmacVariants*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class HmacVariantsBenchmark
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _input = RandomNumberGenerator.GetBytes(230);
    private readonly byte[] _tag = new byte[32];
    private IncrementalHash _keyed = null!;
    private NSec.Cryptography.Key _nsecKey = null!;
    private Palisade.Admission.Integrity.HmacSha256Midstate _midstate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keyed = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        _midstate = Palisade.Admission.Integrity.HmacSha256Midstate.TryCreate(_secret)
            ?? throw new InvalidOperationException("libcrypto's SHA-256 functions are not available here");
        _nsecKey = NSec.Cryptography.Key.Import(NSec.Cryptography.MacAlgorithm.HmacSha256, _secret, NSec.Cryptography.KeyBlobFormat.RawSymmetricKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keyed.Dispose();
        _nsecKey.Dispose();
    }

    [Benchmark(Baseline = true, Description = "IncrementalHash keyed once, GetHashAndReset")]
    public byte KeyedIncremental()
    {
        _keyed.AppendData(_input);
        _keyed.GetHashAndReset(_tag);
        return _tag[0];
    }

    [Benchmark(Description = "midstates on libcrypto SHA256_Update (HmacSha256Midstate)")]
    public byte Midstate()
    {
        _midstate.Compute(_input, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "HMACSHA256.HashData one-shot")]
    public byte OneShot()
    {
        HMACSHA256.HashData(_secret, _input, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "NSec (libsodium) HmacSha256")]
    public byte Libsodium()
    {
        NSec.Cryptography.MacAlgorithm.HmacSha256.Mac(_nsecKey, _input, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "SHA256.HashData (no key, for scale)")]
    public byte PlainSha256()
    {
        SHA256.HashData(_input, _tag);
        return _tag[0];
    }
}

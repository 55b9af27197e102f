using Palisade.Admission.Integrity;

namespace Palisade.Admission.Tests.Integrity;

/// <summary>The admitted path is on every publish: it must not allocate (counted bytes, not timed).</summary>
public sealed class IntegrityAllocationTests
{
    [Theory]
    [InlineData(KeyAlgorithm.HmacSha256, 64)]
    [InlineData(KeyAlgorithm.HmacSha256, 4096)]
    [InlineData(KeyAlgorithm.Ed25519, 64)]
    public void Verifying_a_prefixed_message_allocates_nothing(KeyAlgorithm algorithm, int bodyLength)
    {
        var key = TestKey.Create(algorithm);
        var keys = new InMemoryDeviceKeyDirectory();
        keys.Set(Ctx.Device, [key.Key]);
        var stage = new IntegrityStage(keys, IntegrityRequirement.Always);
        var payload = key.Signer.CreatePrefixedPayload(Ctx.Topic, 1, Ctx.Now, new byte[bodyLength]);
        var contexts = Enumerable.Range(0, 101).Select(_ => Ctx.Make(Ctx.Topic, payload, v5: false)).ToArray();
        Assert.True(stage.Evaluate(contexts[100]).Admitted); // warm-up: JIT, pools, crypto providers

        var before = GC.GetAllocatedBytesForCurrentThread();
        var admitted = 0;
        for (var i = 0; i < 100; i++)
        {
            admitted += stage.Evaluate(contexts[i]).Admitted ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100, admitted);
        Assert.Equal(0, allocated);
    }
}

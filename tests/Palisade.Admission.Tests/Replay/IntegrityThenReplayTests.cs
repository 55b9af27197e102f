using System.Text;
using Palisade.Admission.Integrity;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Replay;
using Palisade.Admission.Tests.Integrity;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.Replay;

/// <summary>
/// The two stages in the documented order, on really signed messages: anti-replay sees only what integrity verified,
/// and a captured message replayed byte for byte — whose tag is still valid — is stopped by anti-replay.
/// </summary>
public sealed class IntegrityThenReplayTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"t\":21.5}");

    private readonly TestKey _key = TestKey.Create(KeyAlgorithm.HmacSha256);
    private readonly IntegrityStage _integrity;
    private readonly ReplayStage _replay = new(new ReplayOptions());

    public IntegrityThenReplayTests()
    {
        var directory = new InMemoryDeviceKeyDirectory();
        directory.Set(Ctx.Device, [_key.Key]);
        _integrity = new IntegrityStage(directory, IntegrityRequirement.Always);
    }

    private UserProperty[] Sign(ulong seq, DateTimeOffset ts) =>
        _key.Signer.CreateUserProperties(Ctx.Topic, seq, ts.ToUnixTimeMilliseconds(), Body);

    private StageVerdict Admit(IReadOnlyList<UserProperty> envelope, DateTimeOffset now)
    {
        var context = Ctx.Make(Ctx.Topic, Body, envelope, now: now);
        var verdict = _integrity.Evaluate(context);
        return verdict.Admitted ? _replay.Evaluate(context) : verdict;
    }

    [Fact]
    public void Captured_message_replayed_byte_for_byte_is_refused_as_duplicate()
    {
        var captured = Sign(1, Ctx.Now);
        Assert.True(Admit(captured, Ctx.Now).Admitted);

        var replayed = Admit(captured, Ctx.Now.AddSeconds(2));

        Assert.Equal(ReplayStage.DuplicateRefusal, replayed.Refusal);
        Assert.True(Admit(Sign(2, Ctx.Now.AddSeconds(2)), Ctx.Now.AddSeconds(2)).Admitted);
    }

    [Fact]
    public void Captured_message_replayed_after_the_skew_window_is_refused_as_stale()
    {
        var captured = Sign(5, Ctx.Now);

        // Never admitted before (e.g. captured and withheld): only the timestamp gives it away.
        Assert.Equal(ReplayStage.StaleRefusal, Admit(captured, Ctx.Now.AddMinutes(2)).Refusal);
    }

    [Fact]
    public void Renumbering_a_captured_message_breaks_its_tag_so_replay_never_sees_it()
    {
        Assert.True(Admit(Sign(1, Ctx.Now), Ctx.Now).Admitted);
        var forged = Sign(1, Ctx.Now)
            .Select(p => p.Name == "pal-seq" ? new UserProperty(p.Name, "2") : p)
            .ToArray();

        var verdict = Admit(forged, Ctx.Now);

        Assert.Equal(IntegrityRefusals.TagMismatch, verdict.Refusal);
        Assert.Equal(1UL, _replay.Find(Ctx.Participant, Ctx.Device)!.HighestSequence);
    }

    [Fact]
    public void Message_the_store_refused_is_given_back_through_both_stages_and_its_resend_admitted()
    {
        var message = Sign(3, Ctx.Now);
        Assert.True(Admit(message, Ctx.Now).Admitted);

        // The host rebuilds the context from the same packet: integrity fills the envelope again, replay releases it.
        var abandoned = Ctx.Make(Ctx.Topic, Body, message, now: Ctx.Now);
        Assert.False(_integrity.Abandon(abandoned));
        Assert.Equal(3UL, abandoned.Envelope!.Value.Sequence);
        Assert.True(_replay.Abandon(abandoned));

        Assert.True(Admit(message, Ctx.Now.AddSeconds(1)).Admitted);
        Assert.Equal(ReplayStage.DuplicateRefusal, Admit(message, Ctx.Now.AddSeconds(2)).Refusal);
    }

    [Fact]
    public void Forged_envelope_cannot_release_a_sequence()
    {
        Assert.True(Admit(Sign(4, Ctx.Now), Ctx.Now).Admitted);
        var forged = Sign(4, Ctx.Now).Select(p => p.Name == "pal-ts" ? new UserProperty(p.Name, "1") : p).ToArray();

        // Integrity does not verify it, so no envelope reaches anti-replay and nothing is given back.
        var context = Ctx.Make(Ctx.Topic, Body, forged, now: Ctx.Now);
        _integrity.Abandon(context);
        Assert.Null(context.Envelope);
        Assert.False(_replay.Abandon(context));
        Assert.Equal(ReplayStage.DuplicateRefusal, Admit(Sign(4, Ctx.Now), Ctx.Now).Refusal);
    }
}

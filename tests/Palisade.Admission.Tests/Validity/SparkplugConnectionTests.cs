using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Mqtt.Packets;
using static Palisade.Admission.Tests.Validity.SparkplugPayloads;

namespace Palisade.Admission.Tests.Validity;

/// <summary>
/// Sparkplug B sessions per connection: the CONNECT's will NDEATH fixes the bdSeq its connection's NBIRTH must carry
/// (tck-id-topics-nbirth-bdseq-matching), a session is its connection's, and a connection's end ends only its own session.
/// Connections are the host's opaque tokens (any object, compared by reference).
/// </summary>
public sealed class SparkplugConnectionTests
{
    private readonly SparkplugInspector _inspector = new();
    private readonly ValidityStage _stage;
    private readonly object _first = new();
    private readonly object _second = new();

    public SparkplugConnectionTests() => _stage = new ValidityStage(JsonSchemaRegistry.Empty, _inspector);

    private StageVerdict Send(object connection, string type, byte[] payload, string? device = null, bool isWill = false) =>
        _stage.Evaluate(new AdmissionContext(new PublishPacket { Topic = Topic(type, device), Payload = payload }, Edge, Group, DateTimeOffset.UnixEpoch)
        {
            TopicClass = "sparkplug",
            Connection = connection,
            IsWill = isWill,
        });

    private StageVerdict Will(object connection, ulong bdSeq) => Send(connection, "NDEATH", NDeath(bdSeq), isWill: true);

    private static void AssertRefused(StageVerdict verdict, string because)
    {
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Sparkplug, verdict.Refusal);
        Assert.Contains(because, verdict.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public void NBIRTH_whose_bdSeq_differs_from_its_connections_will_NDEATH_is_refused_and_the_matching_one_admitted()
    {
        Assert.True(Will(_first, 4).Admitted);

        AssertRefused(Send(_first, "NBIRTH", NBirth(bdSeq: 3)), "NBIRTH bdSeq 3 is not the bdSeq 4 of this connection's will NDEATH");
        Assert.False(_inspector.IsBorn(Group, Edge));
        Assert.True(Send(_first, "NBIRTH", NBirth(bdSeq: 4)).Admitted);
        Assert.True(Send(_first, "NDATA", NData(1)).Admitted);
    }

    [Fact]
    public void The_will_is_judged_but_not_taken_as_the_death_of_the_current_session()
    {
        Assert.True(Will(_first, 4).Admitted);
        Assert.True(Send(_first, "NBIRTH", NBirth(4)).Admitted);

        // A will NDEATH of another bdSeq is not an NDEATH sent now: it neither ends nor contradicts anything.
        Assert.True(Will(_first, 9).Admitted);
        Assert.True(_inspector.IsBorn(Group, Edge));
        Assert.True(Send(_first, "NDATA", NData(1)).Admitted);
    }

    [Fact]
    public void Will_NDEATH_without_bdSeq_is_refused() =>
        AssertRefused(Send(_first, "NDEATH", Encode(null, []), isWill: true), "will NDEATH has no bdSeq metric");

    [Fact]
    public void Connection_without_a_will_NDEATH_has_no_bdSeq_to_match()
    {
        // A will of another type gives no bdSeq; so does no will at all.
        Assert.True(Send(_first, "NDATA", NData(0), isWill: true).Admitted);
        Assert.False(_inspector.IsBorn(Group, Edge));

        Assert.True(Send(_first, "NBIRTH", NBirth(bdSeq: 17)).Admitted);
    }

    [Fact]
    public void Data_of_a_connection_that_did_not_send_the_current_NBIRTH_is_refused()
    {
        Assert.True(Send(_first, "NBIRTH", NBirth(1)).Admitted);

        AssertRefused(Send(_second, "NDATA", NData(1)), "no current birth on this connection");
        AssertRefused(Send(_second, "DBIRTH", DBirth(1), "press-7"), "no current birth on this connection");
        Assert.True(Send(_second, "NBIRTH", NBirth(2)).Admitted);
        Assert.True(Send(_second, "NDATA", NData(1)).Admitted);
        // The newer connection owns the edge node now.
        AssertRefused(Send(_first, "NDATA", NData(2)), "no current birth on this connection");
    }

    [Fact]
    public void A_new_connections_will_ends_the_older_connections_session()
    {
        Assert.True(Will(_first, 1).Admitted);
        Assert.True(Send(_first, "NBIRTH", NBirth(1)).Admitted);

        Assert.True(Will(_second, 2).Admitted);

        Assert.False(_inspector.IsBorn(Group, Edge));
        AssertRefused(Send(_second, "NBIRTH", NBirth(1)), "is not the bdSeq 2 of this connection's will NDEATH");
        Assert.True(Send(_second, "NBIRTH", NBirth(2)).Admitted);
    }

    [Fact]
    public void End_of_a_connection_ends_its_session_and_its_will_but_not_a_newer_connections()
    {
        Assert.True(Will(_first, 1).Admitted);
        Assert.True(Send(_first, "NBIRTH", NBirth(1)).Admitted);

        _inspector.EdgeNodeDisconnected(Group, Edge, _first);

        Assert.False(_inspector.IsBorn(Group, Edge));
        AssertRefused(Send(_first, "NDATA", NData(1)), "no current birth");

        Assert.True(Will(_second, 2).Admitted);
        Assert.True(Send(_second, "NBIRTH", NBirth(2)).Admitted);
        _inspector.EdgeNodeDisconnected(Group, Edge, _first); // the old connection's end reported late
        Assert.True(_inspector.IsBorn(Group, Edge));
        Assert.True(Send(_second, "NDATA", NData(1)).Admitted);

        _inspector.EdgeNodeDisconnected(Group, Edge, _second);
        // The ended connection's will no longer holds: a later connection without a will is born with any bdSeq.
        Assert.True(Send(_first, "NBIRTH", NBirth(40)).Admitted);
    }
}

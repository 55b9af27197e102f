using Palisade.Edge.Identity;
using Palisade.Mqtt;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Tests.Platform;

public sealed class SparkplugTopicPolicyTests
{
    private static readonly AuthenticatedPrincipal Device = AuthenticatedPrincipal.Device("d1", "acme", "certificate");

    private static AuthenticatedPrincipal App(params ApplicationGrant[] grants) => AuthenticatedPrincipal.Application("scada", "acme", grants);

    private static ApplicationGrant G(ApplicationRight right, string scope = "*") => new(right, scope);

    [Theory]
    [InlineData("spBv1.0/acme/NBIRTH/d1")]
    [InlineData("spBv1.0/acme/NDEATH/d1")]
    [InlineData("spBv1.0/acme/NDATA/d1")]
    [InlineData("spBv1.0/acme/DBIRTH/d1/press-7")]
    [InlineData("spBv1.0/acme/DDEATH/d1/press-7")]
    [InlineData("spBv1.0/acme/DDATA/d1/press-7")]
    public void Edge_node_publishes_its_own_births_deaths_and_data(string topic) =>
        Assert.True(TopicPolicy.AuthorizePublish(Device, topic).Allowed);

    [Theory]
    [InlineData("spBv1.0/acme/NDATA/d2")]             // another edge node of the participant
    [InlineData("spBv1.0/globex/NDATA/d1")]           // another participant's group
    [InlineData("spBv1.0/acme/NCMD/d1")]              // commands flow to the edge node, not from it
    [InlineData("spBv1.0/acme/DCMD/d1/press-7")]
    [InlineData("spBv1.0/acme/NDATA/d1/press-7")]     // node message with a device level
    [InlineData("spBv1.0/acme/DDATA/d1")]             // device message without one
    [InlineData("spBv1.0/acme/DDATA/d1/press-7/x")]
    [InlineData("spBv1.0/acme/XDATA/d1")]
    [InlineData("spBv1.0/acme/NDATA/d10")]
    [InlineData("spBv1.0/acmex/NDATA/d1")]
    [InlineData("spBv1.0/STATE/acme:d1")]             // STATE is a host application's
    [InlineData("spBv1.0/acme")]
    [InlineData("spBv1.0/acme/NDATA/")]
    [InlineData("spBv1.0/acme/DDATA/d1/")]
    public void Edge_node_publish_outside_its_own_Sparkplug_topics_is_not_authorized(string topic)
    {
        var decision = TopicPolicy.AuthorizePublish(Device, topic);
        Assert.False(decision.Allowed);
        Assert.Equal(ReasonCode.NotAuthorized, decision.Reason);
    }

    [Theory]
    [InlineData("spBv1.0/acme/NCMD/d1")]
    [InlineData("spBv1.0/acme/DCMD/d1/press-7")]
    [InlineData("spBv1.0/acme/DCMD/d1/+")]
    [InlineData("$share/g/spBv1.0/acme/NCMD/d1")]
    [InlineData("spBv1.0/STATE/acme:scada")]          // an edge node watches its primary host
    public void Edge_node_subscribes_to_its_own_commands_and_its_hosts_state(string filter) =>
        Assert.True(TopicPolicy.AuthorizeSubscribe(Device, filter).Allowed);

    [Theory]
    [InlineData("spBv1.0/#")]
    [InlineData("spBv1.0/+/NCMD/d1")]
    [InlineData("spBv1.0/acme/#")]
    [InlineData("spBv1.0/acme/+/d1")]
    [InlineData("spBv1.0/acme/NCMD/+")]
    [InlineData("spBv1.0/acme/NCMD/d2")]
    [InlineData("spBv1.0/acme/DCMD/d1/#")]
    [InlineData("spBv1.0/acme/NCMD/d1/#")]
    [InlineData("spBv1.0/acme/NDATA/d1")]
    [InlineData("spBv1.0/globex/NCMD/d1")]
    [InlineData("spBv1.0/STATE/+")]
    [InlineData("spBv1.0/STATE/#")]
    [InlineData("spBv1.0/STATE/globex:scada")]
    [InlineData("spBv1.0/STATE/acme")]
    [InlineData("$share/g/spBv1.0/acme/#")]
    public void Edge_node_subscription_beyond_its_commands_is_not_authorized(string filter)
    {
        var decision = TopicPolicy.AuthorizeSubscribe(Device, filter);
        Assert.False(decision.Allowed);
        Assert.Equal(ReasonCode.NotAuthorized, decision.Reason);
    }

    [Fact]
    public void Application_with_publish_commands_sends_NCMD_and_DCMD_to_the_devices_its_grant_covers()
    {
        var one = App(G(ApplicationRight.PublishCommands, "d7"));
        Assert.True(TopicPolicy.AuthorizePublish(one, "spBv1.0/acme/NCMD/d7").Allowed);
        Assert.True(TopicPolicy.AuthorizePublish(one, "spBv1.0/acme/DCMD/d7/press-7").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(one, "spBv1.0/acme/NCMD/d8").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(one, "spBv1.0/acme/NDATA/d7").Allowed);    // not data
        Assert.False(TopicPolicy.AuthorizePublish(one, "spBv1.0/globex/NCMD/d7").Allowed);

        var all = App(G(ApplicationRight.PublishCommands));
        Assert.True(TopicPolicy.AuthorizePublish(all, "spBv1.0/acme/NCMD/any").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(App(), "spBv1.0/acme/NCMD/any").Allowed);
    }

    [Fact]
    public void Application_subscribes_to_Sparkplug_message_types_as_its_grant_classes_allow()
    {
        var telemetry = App(G(ApplicationRight.SubscribeTelemetry));
        Assert.True(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/acme/NDATA/+").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/acme/DDATA/+/+").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(telemetry, "$share/hosts/spBv1.0/acme/DDATA/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/acme/NBIRTH/+").Allowed);  // births are state
        Assert.False(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/acme/+/+").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/acme/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/globex/NDATA/+").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(telemetry, "spBv1.0/+/NDATA/+").Allowed);

        var state = App(G(ApplicationRight.SubscribeState));
        Assert.True(TopicPolicy.AuthorizeSubscribe(state, "spBv1.0/acme/NBIRTH/+").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(state, "spBv1.0/acme/DDEATH/+/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(state, "spBv1.0/acme/NCMD/+").Allowed);
    }

    [Fact]
    public void A_Sparkplug_host_with_telemetry_state_and_commands_grants_may_take_the_whole_group()
    {
        var host = App(G(ApplicationRight.SubscribeTelemetry), G(ApplicationRight.SubscribeState), G(ApplicationRight.SubscribeCommands));
        Assert.True(TopicPolicy.AuthorizeSubscribe(host, "spBv1.0/acme/#").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(host, "spBv1.0/acme/+/d7/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(host, "spBv1.0/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(host, "spBv1.0/+/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(host, "#").Allowed);
    }

    [Fact]
    public void Application_grant_for_one_device_covers_only_that_edge_node()
    {
        var app = App(G(ApplicationRight.SubscribeTelemetry, "d7"));
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/acme/DDATA/d7/+").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/acme/DDATA/+/+").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/acme/DDATA/d8/+").Allowed);
    }

    [Fact]
    public void Application_publishes_only_its_own_STATE_and_subscribes_only_exact_STATE_of_its_participant()
    {
        var app = App();
        Assert.True(TopicPolicy.AuthorizePublish(app, "spBv1.0/STATE/acme:scada").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "spBv1.0/STATE/acme:other").Allowed);      // another host
        Assert.False(TopicPolicy.AuthorizePublish(app, "spBv1.0/STATE/globex:scada").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "spBv1.0/STATE/scada").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "spBv1.0/STATE/acme:scada/x").Allowed);

        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/STATE/acme:backup").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/STATE/+").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/STATE/globex:scada").Allowed);
    }

    [Fact]
    public void A_participant_named_STATE_gets_no_Sparkplug_namespace()
    {
        var app = AuthenticatedPrincipal.Application("scada", "STATE", [G(ApplicationRight.SubscribeTelemetry), G(ApplicationRight.SubscribeState), G(ApplicationRight.SubscribeCommands)]);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/STATE/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "spBv1.0/STATE/+/+").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(AuthenticatedPrincipal.Device("d1", "STATE", "certificate"), "spBv1.0/STATE/NDATA/d1").Allowed);
        Assert.False(TopicPolicy.MayDeliver("STATE", "spBv1.0/STATE/acme:scada"));
    }

    [Theory]
    [InlineData("acme", "spBv1.0/acme/NDATA/d1", true)]
    [InlineData("acme", "spBv1.0/acme/DDATA/d1/press-7", true)]
    [InlineData("acme", "spBv1.0/acmex/NDATA/d1", false)]
    [InlineData("acme", "spBv1.0/globex/NDATA/d1", false)]
    [InlineData("acme", "spBv1.0/STATE/acme:scada", true)]
    [InlineData("acme", "spBv1.0/STATE/acmex:scada", false)]
    [InlineData("acme", "spBv1.0/STATE/globex:scada", false)]
    [InlineData("acme", "spBv1.0/acme", false)]
    [InlineData("acme", "p/acme/d/d1/telemetry", true)]
    public void Delivery_of_Sparkplug_messages_goes_only_to_subscribers_of_the_topics_participant(string participant, string topic, bool expected) =>
        Assert.Equal(expected, TopicPolicy.MayDeliver(participant, topic));
}

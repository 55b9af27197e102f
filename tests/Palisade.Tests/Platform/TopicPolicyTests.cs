using Palisade.Edge.Identity;
using Palisade.Mqtt;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Tests.Platform;

public sealed class TopicPolicyTests
{
    private static readonly AuthenticatedPrincipal Device = AuthenticatedPrincipal.Device("d1", "acme", "certificate");

    private static AuthenticatedPrincipal App(params ApplicationGrant[] grants) => AuthenticatedPrincipal.Application("app", "acme", grants);

    private static ApplicationGrant G(ApplicationRight right, string scope = "*") => new(right, scope);

    [Theory]
    [InlineData("p/acme/d/d1/telemetry")]
    [InlineData("p/acme/d/d1/telemetry/temp/c")]
    [InlineData("p/acme/d/d1/events/alarm")]
    [InlineData("p/acme/d/d1/state")]
    public void Device_publishes_to_its_own_telemetry_events_and_state(string topic) =>
        Assert.True(TopicPolicy.AuthorizePublish(Device, topic).Allowed);

    [Theory]
    [InlineData("p/acme/d/d2/telemetry")]          // another device of the same participant
    [InlineData("p/globex/d/d1/telemetry")]        // another participant
    [InlineData("p/acme/d/d1/commands")]           // commands flow to the device, not from it
    [InlineData("p/acme/d/d1/other")]
    [InlineData("p/acme/d/d1")]
    [InlineData("$SYS/broker/uptime")]
    [InlineData("p/acme/d/d10/telemetry")]         // prefix of another id must not match
    [InlineData("p/acmex/d/d1/telemetry")]
    [InlineData("telemetry")]
    public void Device_publish_outside_its_own_topics_is_not_authorized(string topic)
    {
        var decision = TopicPolicy.AuthorizePublish(Device, topic);
        Assert.False(decision.Allowed);
        Assert.Equal(ReasonCode.NotAuthorized, decision.Reason);
    }

    [Theory]
    [InlineData("p/acme/d/+/telemetry")]
    [InlineData("p/acme/d/d1/#")]
    public void Publish_to_a_topic_name_with_wildcards_is_topic_name_invalid(string topic) =>
        Assert.Equal(ReasonCode.TopicNameInvalid, TopicPolicy.AuthorizePublish(Device, topic).Reason);

    [Theory]
    [InlineData("p/acme/d/d1/commands")]
    [InlineData("p/acme/d/d1/commands/#")]
    [InlineData("p/acme/d/d1/commands/+/set")]
    [InlineData("$share/g1/p/acme/d/d1/commands/#")]
    public void Device_subscribes_to_its_own_commands(string filter) =>
        Assert.True(TopicPolicy.AuthorizeSubscribe(Device, filter).Allowed);

    [Theory]
    [InlineData("#")]
    [InlineData("+/#")]
    [InlineData("+/acme/d/d1/commands")]
    [InlineData("p/+/d/d1/commands")]
    [InlineData("p/#")]
    [InlineData("p/acme/#")]
    [InlineData("p/acme/d/+/commands")]
    [InlineData("p/acme/d/d1/+")]
    [InlineData("p/acme/d/d1/#")]
    [InlineData("p/acme/d/d2/commands")]
    [InlineData("p/acme/d/d1/telemetry")]
    [InlineData("$share/g/#")]
    [InlineData("$share/g/p/+/d/d1/commands")]
    [InlineData("$SYS/#")]
    [InlineData("$share/g/$SYS/#")]
    public void Device_subscription_that_could_reach_beyond_its_commands_is_not_authorized(string filter)
    {
        var decision = TopicPolicy.AuthorizeSubscribe(Device, filter);
        Assert.False(decision.Allowed);
        Assert.Equal(ReasonCode.NotAuthorized, decision.Reason);
        Assert.Equal(0x80, decision.V311SubAckReturnCode(QualityOfService.AtLeastOnce));
    }

    [Theory]
    [InlineData("p/acme/d/d1/comm#")]
    [InlineData("p/acme/#/commands")]
    [InlineData("p/acme/d/d1+/commands")]
    [InlineData("$share/g+/p/acme/d/d1/commands")]
    [InlineData("$share//p/acme/d/d1/commands")]
    [InlineData("$share/g")]
    [InlineData("")]
    public void Malformed_filters_are_topic_filter_invalid(string filter) =>
        Assert.Equal(ReasonCode.TopicFilterInvalid, TopicPolicy.AuthorizeSubscribe(Device, filter).Reason);

    [Fact]
    public void Application_with_a_telemetry_grant_subscribes_to_all_its_participants_telemetry_and_nothing_else()
    {
        var app = App(G(ApplicationRight.SubscribeTelemetry));
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/+/telemetry/#").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "$share/workers/p/acme/d/+/telemetry/#").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/d7/telemetry").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/+/+/#").Allowed);       // would include commands, events, state
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/acme/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/+/events").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/globex/d/+/telemetry/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/+/d/+/telemetry/#").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "p/acme/d/d7/commands").Allowed);
    }

    [Fact]
    public void Application_with_every_subscribe_grant_may_use_a_multi_level_wildcard_inside_its_participant()
    {
        var app = App(G(ApplicationRight.SubscribeTelemetry), G(ApplicationRight.SubscribeEvents), G(ApplicationRight.SubscribeState), G(ApplicationRight.SubscribeCommands));
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "p/acme/#").Allowed);
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/#").Allowed);
    }

    [Fact]
    public void Application_grant_for_one_device_does_not_cover_others()
    {
        var app = App(G(ApplicationRight.SubscribeTelemetry, "d7"), G(ApplicationRight.PublishCommands, "d7"));
        Assert.True(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/d7/telemetry/#").Allowed);
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/+/telemetry/#").Allowed);
        Assert.True(TopicPolicy.AuthorizePublish(app, "p/acme/d/d7/commands/reset").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "p/acme/d/d8/commands/reset").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "p/acme/d/d7/telemetry").Allowed);
    }

    [Fact]
    public void Application_publishes_commands_only_within_its_participant()
    {
        var app = App(G(ApplicationRight.PublishCommands));
        Assert.True(TopicPolicy.AuthorizePublish(app, "p/acme/d/any/commands").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "p/globex/d/any/commands").Allowed);
    }

    [Fact]
    public void Application_without_grants_is_denied_everything()
    {
        var app = App();
        Assert.False(TopicPolicy.AuthorizeSubscribe(app, "p/acme/d/d1/telemetry").Allowed);
        Assert.False(TopicPolicy.AuthorizePublish(app, "p/acme/d/d1/commands").Allowed);
    }

    [Theory]
    [InlineData("acme", "p/acme/d/d1/telemetry", true)]
    [InlineData("acme", "p/acmex/d/d1/telemetry", false)]
    [InlineData("acme", "p/globex/d/d1/telemetry", false)]
    [InlineData("acme", "p/acme", false)]
    [InlineData("acme", "$SYS/x", false)]
    public void Delivery_goes_only_to_subscribers_of_the_topics_participant(string participant, string topic, bool expected) =>
        Assert.Equal(expected, TopicPolicy.MayDeliver(participant, topic));
}

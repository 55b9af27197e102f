namespace Palisade.Platform.Applications;

/// <summary>What an application may do inside its participant's namespace. Nothing is implied: deny by default.</summary>
internal enum ApplicationRight
{
    SubscribeTelemetry,
    SubscribeEvents,
    SubscribeState,
    SubscribeCommands,
    PublishCommands,
}

internal static class ApplicationRightText
{
    public static string ToText(this ApplicationRight right) => right switch
    {
        ApplicationRight.SubscribeTelemetry => "subscribe:telemetry",
        ApplicationRight.SubscribeEvents => "subscribe:events",
        ApplicationRight.SubscribeState => "subscribe:state",
        ApplicationRight.SubscribeCommands => "subscribe:commands",
        ApplicationRight.PublishCommands => "publish:commands",
        _ => throw new ArgumentOutOfRangeException(nameof(right)),
    };

    public static bool TryParse(string text, out ApplicationRight right)
    {
        switch (text)
        {
            case "subscribe:telemetry": right = ApplicationRight.SubscribeTelemetry; return true;
            case "subscribe:events": right = ApplicationRight.SubscribeEvents; return true;
            case "subscribe:state": right = ApplicationRight.SubscribeState; return true;
            case "subscribe:commands": right = ApplicationRight.SubscribeCommands; return true;
            case "publish:commands": right = ApplicationRight.PublishCommands; return true;
            default: right = default; return false;
        }
    }

    public const string AllText = "subscribe:telemetry, subscribe:events, subscribe:state, subscribe:commands, publish:commands";
}

using Microsoft.Extensions.Options;
using Palisade.Broker;
using Palisade.Hosting;

namespace Palisade.Messaging;

/// <summary>Bounds on <see cref="BrokerOptions"/> (section <c>Palisade:Broker</c>), so a typo cannot disable a protocol limit.</summary>
internal sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public const string SectionName = "Palisade:Broker";

    /// <summary>The largest packet MQTT can encode (variable byte integer maximum plus fixed header).</summary>
    private const long ProtocolMaximumPacketSize = 268_435_460;

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        var errors = new OptionErrors(SectionName);
        errors.Range(nameof(BrokerOptions.MaximumPacketSize), options.MaximumPacketSize, 64, ProtocolMaximumPacketSize);
        errors.Range(nameof(BrokerOptions.ReceiveMaximum), options.ReceiveMaximum, 1, ushort.MaxValue);
        errors.Range(nameof(BrokerOptions.MaximumQueuedMessages), options.MaximumQueuedMessages, 1, 10_000_000);
        errors.Range(nameof(BrokerOptions.MaximumQueuedBytes), options.MaximumQueuedBytes, 1024, 16L * 1024 * 1024 * 1024);
        errors.Range(nameof(BrokerOptions.MaximumQueuedControlMessages), options.MaximumQueuedControlMessages, 1, 10_000_000);
        errors.Range(nameof(BrokerOptions.NodeQueuedBytesBudget), options.NodeQueuedBytesBudget, 0, 1L << 50);
        errors.Range(nameof(BrokerOptions.NodeShedBulkPercent), options.NodeShedBulkPercent, 1, 100);
        errors.Range(nameof(BrokerOptions.NodeShedEventPercent), options.NodeShedEventPercent, options.NodeShedBulkPercent, 100);
        errors.Range(nameof(BrokerOptions.ConnectTimeoutSeconds), options.ConnectTimeoutSeconds, 1, 600);
        errors.Range(nameof(BrokerOptions.MaximumRetainedMessages), options.MaximumRetainedMessages, 0, 100_000_000);
        errors.Range(nameof(BrokerOptions.TurnMicroseconds), options.TurnMicroseconds, 0, 10_000_000);
        return errors.Result();
    }
}

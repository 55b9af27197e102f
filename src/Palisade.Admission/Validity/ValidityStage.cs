using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Mqtt;

namespace Palisade.Admission.Validity;

/// <summary>
/// Validity stage (docs/admission.md, stage 6, "Data validity"; 8.2.7 a), after integrity and anti-replay so it judges
/// the body the device signed: a publish under <c>spBv1.0/</c> goes to the <see cref="SparkplugInspector"/>; any
/// other is checked against the JSON Schema of its topic class when the registry has one, and admitted otherwise.
/// Refusals: <c>validity.schema</c> (not JSON, or schema violation, naming the first failing instance location) and
/// <c>validity.sparkplug</c>, both 0x99 Payload format invalid. Thread-safe.
/// </summary>
public sealed class ValidityStage : IAdmissionStage
{
    private readonly JsonSchemaRegistry _schemas;
    private readonly SparkplugInspector? _sparkplug;

    /// <param name="schemas">JSON Schema per topic class (<see cref="JsonSchemaRegistry.Empty"/> for none).</param>
    /// <param name="sparkplug">Sparkplug B inspector; null admits <c>spBv1.0/</c> payloads uninspected.</param>
    public ValidityStage(JsonSchemaRegistry schemas, SparkplugInspector? sparkplug)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        _schemas = schemas;
        _sparkplug = sparkplug;
    }

    /// <inheritdoc />
    public string Name => "validity";

    /// <summary>The Sparkplug B inspector (for its gap counter and <see cref="SparkplugInspector.EdgeNodeDisconnected"/>), or null.</summary>
    public SparkplugInspector? Sparkplug => _sparkplug;

    /// <inheritdoc />
    public StageVerdict Evaluate(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SparkplugTopic.IsSparkplug(context.Topic))
        {
            return _sparkplug is null ? StageVerdict.Pass : _sparkplug.Inspect(context.Topic, context.Body.Span, context.Connection, context.IsWill);
        }

        if (!_schemas.TryGet(context.TopicClass, out var schema, out var compiled, out var hasMultipleOf))
        {
            return StageVerdict.Pass;
        }

        var reason = JsonPayloadValidator.Validate(schema, compiled, context.Body, hasMultipleOf);
        return reason is null
            ? StageVerdict.Pass
            : StageVerdict.Refuse(ReasonCode.PayloadFormatInvalid, ValidityRefusals.Schema, reason);
    }
}

using System.Globalization;
using Palisade.Admission.Pipeline;
using Palisade.Mqtt;

namespace Palisade.Admission.Validity;

/// <summary>
/// Size stage (docs/admission.md, stage 3; 8.2.7 a): refuses a payload larger than its topic class allows with
/// <c>validity.oversize</c> and 0x99 Payload format invalid. Judged on <see cref="AdmissionContext.Body"/>: placed
/// before integrity (as in the documented order) that is the whole payload, a compact envelope prefix included
/// (at most 149 bytes more), so an oversize payload costs no signature check. Allocation-free on the admitted path.
/// </summary>
public sealed class PayloadSizeStage : IAdmissionStage
{
    private readonly PayloadSizeLimits _limits;

    public PayloadSizeStage(PayloadSizeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <inheritdoc />
    public string Name => "size";

    /// <inheritdoc />
    public StageVerdict Evaluate(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var max = _limits.MaxFor(context.TopicClass);
        var length = context.Body.Length;
        return length <= max
            ? StageVerdict.Pass
            : StageVerdict.Refuse(
                ReasonCode.PayloadFormatInvalid,
                ValidityRefusals.Oversize,
                string.Create(CultureInfo.InvariantCulture, $"payload of {length} bytes exceeds the {max}-byte limit of topic class '{Describe(context.TopicClass)}'"));
    }

    private static string Describe(string topicClass) => topicClass.Length == 0 ? "(none)" : topicClass;
}

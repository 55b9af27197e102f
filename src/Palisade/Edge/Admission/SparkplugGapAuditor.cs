using System.Globalization;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Infrastructure.Audit;

namespace Palisade.Edge.Admission;

/// <summary>
/// Counts and audits the Sparkplug B seq gaps the inspector admits (docs/admission.md, "Data validity"): counter
/// <c>palisade.admission.sparkplug_gaps</c>, and an audit record per gap — actor <c>device:{participant}/{edge node}</c>
/// (the group id is the participant, the edge node id the device: the topic policy allows nothing else), action
/// <c>publish</c>, target the topic, outcome success (the message was admitted), reason
/// <c>validity.sparkplug-gap: seq 9 where 5 was expected (4 message(s) missing or reordered)</c> — coalesced per device
/// and minute like the refusals (<see cref="AdmissionAuditor.Observed"/>).
/// </summary>
internal sealed class SparkplugGapAuditor(AdmissionAuditor auditor, AdmissionMetrics metrics) : ISparkplugObserver
{
    public const string Code = "validity.sparkplug-gap";

    public void OnSequenceGap(SparkplugSequenceGap gap)
    {
        metrics.SparkplugGap();
        auditor.Observed(AuditActor.Device(gap.GroupId, gap.EdgeNodeId), gap.Topic, Code,
            string.Create(CultureInfo.InvariantCulture, $"seq {gap.Received} where {gap.Expected} was expected ({gap.Missing} message(s) missing or reordered)"));
    }
}

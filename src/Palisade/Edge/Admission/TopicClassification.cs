using Palisade.Broker.Hooks;

namespace Palisade.Edge.Admission;

/// <summary>
/// What the topic alone says about a PUBLISH: its topic class (the configuration key of its limits and schema), the
/// Sparkplug B message type when it is one, and the traffic class it is delivered and stored as by default.
/// </summary>
/// <param name="TopicClass">"telemetry", "events", "state", "commands", "sparkplug", or "" for a topic outside both namespaces.</param>
/// <param name="SparkplugType">For Sparkplug B: NBIRTH, NDATA, DCMD, STATE, ...; otherwise null.</param>
/// <param name="TrafficClass">The class from the table in docs/admission.md (before any configured override).</param>
internal readonly record struct TopicClassification(string TopicClass, string? SparkplugType, TrafficClass TrafficClass);

using System.Globalization;
using Microsoft.Extensions.Options;
using Palisade.Admission.Validity;
using Palisade.Broker.Hooks;
using Palisade.Hosting;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Admission;

/// <summary>
/// Checks <see cref="AdmissionOptions"/> at start, worded like every other option error (key, environment variable,
/// problem, value), so a typo cannot silently switch a check off. Misspelt keys are refused by the binder.
/// </summary>
internal sealed class AdmissionOptionsValidator(string baseDirectory) : IValidateOptions<AdmissionOptions>
{
    /// <summary>Topic classes that can be configured: the device namespace's classes and Sparkplug B.</summary>
    public static readonly string[] KnownTopicClasses = [TopicNamespace.Telemetry, TopicNamespace.Events, TopicNamespace.State, TopicNamespace.Commands, TopicClassifier.Sparkplug];

    private const int LargestPayload = 268_435_455;

    /// <summary>Folder relative schema paths are resolved against: the config file's folder, or the working directory.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(AdmissionOptions.SectionName);
        ValidateTopicClasses(errors, "TopicClasses", options.TopicClasses);
        ValidateNames(errors, "Integrity:RequiredForDeviceClasses", options.Integrity.RequiredForDeviceClasses);
        ValidateNames(errors, "Integrity:RequiredForParticipants", options.Integrity.RequiredForParticipants);
        errors.Range("Audit:RecordsPerDevicePerMinute", options.Audit.RecordsPerDevicePerMinute, 1, 10_000);
        errors.Range("Sparkplug:MaxMetricsPerBirth", options.Sparkplug.MaxMetricsPerBirth, 1, 1_000_000);
        errors.Range("Sparkplug:MaxDevicesPerEdgeNode", options.Sparkplug.MaxDevicesPerEdgeNode, 1, 1_000_000);
        for (var i = 0; i < options.Profiles.Count; i++)
        {
            var profile = options.Profiles[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Profiles:{i}");
            if (profile.Participant is null && profile.DeviceClass is null)
            {
                errors.Add(key, "must name a Participant, a DeviceClass or both");
            }

            ValidateNames(errors, key + ":Participant", profile.Participant is null ? [] : [profile.Participant]);
            ValidateNames(errors, key + ":DeviceClass", profile.DeviceClass is null ? [] : [profile.DeviceClass]);
            ValidateTopicClasses(errors, key + ":TopicClasses", profile.TopicClasses);
        }

        return errors.Result();
    }

    /// <summary>Absolute path of a configured schema file.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, BaseDirectory);

    private void ValidateTopicClasses(OptionErrors errors, string prefix, Dictionary<string, TopicClassOptions> topicClasses)
    {
        foreach (var (topicClass, settings) in topicClasses)
        {
            var key = prefix + ":" + topicClass;
            // Case-insensitive: environment variables (PALISADE__ADMISSION__TOPICCLASSES__TELEMETRY__...) arrive upper case.
            if (!KnownTopicClasses.Contains(topicClass, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(key, $"is not a topic class; use one of {string.Join(", ", KnownTopicClasses)}");
                continue;
            }

            if (settings.MaxPayloadBytes is { } max)
            {
                errors.Range(key + ":MaxPayloadBytes", max, 1, LargestPayload);
            }

            if (settings.JsonSchema is { } schema)
            {
                if (topicClass is TopicNamespace.Commands or TopicClassifier.Sparkplug)
                {
                    errors.Add(key + ":JsonSchema", $"is not available for {topicClass} (JSON Schema applies to devices' telemetry, events and state)");
                }
                else if (string.IsNullOrWhiteSpace(schema) || !File.Exists(ResolvePath(schema)))
                {
                    errors.Add(key + ":JsonSchema", $"must name an existing JSON Schema file (relative to {BaseDirectory}); got '{schema}'");
                }
                else
                {
                    try
                    {
                        JsonSchemaRegistry.LoadFiles([new KeyValuePair<string, string>(topicClass, ResolvePath(schema))]);
                    }
                    catch (SchemaLoadException ex)
                    {
                        errors.Add(key + ":JsonSchema", "is not a usable JSON Schema: " + ex.Message);
                    }
                }
            }

            if (settings.TrafficClass is { } traffic)
            {
                var allowed = topicClass.ToLowerInvariant() switch
                {
                    TopicNamespace.Commands => traffic == TrafficClass.Control,
                    TopicClassifier.Sparkplug => false,
                    _ => traffic is TrafficClass.Bulk or TrafficClass.Event,
                };
                if (!allowed)
                {
                    errors.Add(key + ":TrafficClass", topicClass.ToLowerInvariant() switch
                    {
                        TopicNamespace.Commands => $"must be Control (commands are never demoted); got {traffic}",
                        TopicClassifier.Sparkplug => "cannot be set: the Sparkplug message type decides (NCMD/DCMD Control, births/deaths/STATE Event, data Bulk)",
                        _ => $"must be Bulk or Event (Control is reserved for commands to devices); got {traffic}",
                    });
                }
            }
        }
    }

    private static void ValidateNames(OptionErrors errors, string key, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny("/+#$ ") >= 0)
            {
                errors.Add(key, $"must hold ids without spaces, '/', '+', '#' or '$'; got '{name}'");
            }
        }
    }
}

using System.Collections.Concurrent;

namespace Palisade.Edge.Admission;

/// <summary>
/// Resolves which <see cref="AdmissionProfile"/> applies to a device, and whether it must send an integrity envelope,
/// from <see cref="AdmissionOptions"/>: the most specific matching profile wins (participant and class, then class,
/// then participant; among equals the first listed), else the section-wide "default". Resolutions are cached per
/// (participant, class), a small set, so a connection pays for it once.
/// </summary>
internal sealed class AdmissionPolicy
{
    private readonly AdmissionOptions _options;
    private readonly AdmissionProfile _default;
    private readonly IReadOnlyList<AdmissionProfile> _profiles;
    private readonly HashSet<string> _integrityClasses;
    private readonly HashSet<string> _integrityParticipants;
    private readonly ConcurrentDictionary<(string Participant, string DeviceClass), Resolution> _cache = new();

    /// <param name="options">Validated options.</param>
    /// <param name="defaultProfile">Section-wide profile.</param>
    /// <param name="profiles">One per <see cref="AdmissionOptions.Profiles"/> entry, same order.</param>
    public AdmissionPolicy(AdmissionOptions options, AdmissionProfile defaultProfile, IReadOnlyList<AdmissionProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count != options.Profiles.Count)
        {
            throw new ArgumentException("one profile per configured profile", nameof(profiles));
        }

        _options = options;
        _default = defaultProfile;
        _profiles = profiles;
        _integrityClasses = new HashSet<string>(options.Integrity.RequiredForDeviceClasses, StringComparer.Ordinal);
        _integrityParticipants = new HashSet<string>(options.Integrity.RequiredForParticipants, StringComparer.Ordinal);
    }

    public AdmissionProfile Default => _default;

    /// <summary>The profile and integrity requirement of a device of <paramref name="participantId"/> with class <paramref name="deviceClass"/>.</summary>
    public Resolution Resolve(string participantId, string? deviceClass) =>
        _cache.GetOrAdd((participantId, deviceClass ?? ""), static (key, self) => self.Compute(key.Participant, key.DeviceClass.Length == 0 ? null : key.DeviceClass), this);

    /// <summary>Integrity requirement as the integrity stage asks it (per publish; cached resolution, no allocation).</summary>
    public bool RequiresIntegrity(string participantId, string? deviceClass) => Resolve(participantId, deviceClass).RequireIntegrity;

    private Resolution Compute(string participantId, string? deviceClass)
    {
        var best = -1;
        var bestScore = 0;
        for (var i = 0; i < _options.Profiles.Count; i++)
        {
            var p = _options.Profiles[i];
            var participantMatches = p.Participant is null || string.Equals(p.Participant, participantId, StringComparison.Ordinal);
            var classMatches = p.DeviceClass is null || string.Equals(p.DeviceClass, deviceClass, StringComparison.Ordinal);
            if (!participantMatches || !classMatches)
            {
                continue;
            }

            // Both (3) beats class only (2) beats participant only (1).
            var score = (p.Participant is null ? 0 : 1) + (p.DeviceClass is null ? 0 : 2);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        var required = (deviceClass is not null && _integrityClasses.Contains(deviceClass)) || _integrityParticipants.Contains(participantId);
        if (best < 0)
        {
            return new Resolution(_default, required);
        }

        return new Resolution(_profiles[best], _options.Profiles[best].RequireIntegrity ?? required);
    }

    /// <summary>A device's profile and whether it must sign.</summary>
    internal sealed record Resolution(AdmissionProfile Profile, bool RequireIntegrity);
}

using System.Net;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>
/// The checks every device admission makes once its credential (certificate or secret) has been matched:
/// the device and its participant are active, the MQTT client id is the device id, and the source address is in
/// the device's allowlist. One place, so both credential kinds refuse in the same order with the same reasons.
/// </summary>
internal static class DeviceStanding
{
    /// <summary>Returns the refusal, or null when the device may connect from there under that client id.</summary>
    public static AdmissionDecision? Check(IIdentityDirectory directory, DeviceRecord device, string clientId, IPAddress? sourceAddress, string detail)
    {
        if (device.State != IdentityState.Active)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.DeviceSuspended, "device not active", $"{detail}: state {device.State.ToText()}");
        }

        if (directory.FindParticipant(device.ParticipantId) is not { State: IdentityState.Active })
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.ParticipantNotActive, "participant not active", detail);
        }

        if (!string.Equals(clientId, device.Id, StringComparison.Ordinal))
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.ClientIdMismatch, "client id must be the device id", $"{detail}: client id '{clientId}'");
        }

        if (!CidrRange.AllowlistPermits(device.Allowlist, sourceAddress))
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.SourceAddressNotAllowed, "source address not allowed for this device",
                $"{detail}: source {sourceAddress?.ToString() ?? "unknown"}");
        }

        return null;
    }
}

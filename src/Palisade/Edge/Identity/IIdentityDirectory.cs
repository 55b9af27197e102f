using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>
/// Read side of the registry that admission decisions consult. The SQLite registry implements it; the broker may
/// put a cache in front (invalidated by <see cref="Infrastructure.Storage.RegistryStore.StateChangesSince"/>).
/// </summary>
internal interface IIdentityDirectory
{
    ParticipantRecord? FindParticipant(string id);

    DeviceRecord? FindDevice(string id);

    ApplicationRecord? FindApplication(string id);

    /// <summary>Every CA registered by a participant in state active.</summary>
    IReadOnlyList<ParticipantCa> ActiveParticipantCas();
}

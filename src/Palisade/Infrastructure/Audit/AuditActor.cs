namespace Palisade.Infrastructure.Audit;

/// <summary>
/// The one spelling of an authenticated device or application as an audit actor, for every writer (identity hooks,
/// topic policy, admission): <c>device:{participant}/{id}</c>, <c>application:{participant}/{id}</c>. The participant
/// is part of it so a record names its tenant without a registry lookup, and a search by actor finds every record of
/// the principal (connect, subscribe, publish refusals of any stage).
/// </summary>
internal static class AuditActor
{
    public static string Device(string participantId, string deviceId) => string.Concat("device:", participantId, "/", deviceId);

    public static string Application(string participantId, string applicationId) => string.Concat("application:", participantId, "/", applicationId);
}

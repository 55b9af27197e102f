namespace Palisade.Infrastructure.Audit;

/// <summary>Outcome words used in audit records.</summary>
internal static class AuditOutcome
{
    public const string Success = "success";
    public const string Refused = "refused";
    public const string Failure = "failure";
    /// <summary>Something an operator must look at (shared certificate, audit records lost).</summary>
    public const string Alert = "alert";
}

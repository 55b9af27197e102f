namespace Palisade.Infrastructure.Audit;

/// <summary>Result of checking the whole audit log: chain and checkpoints.</summary>
/// <param name="Ok">True when every record links and hashes correctly and every checkpoint verifies.</param>
/// <param name="RecordsChecked">Records read before the first problem (all of them when Ok).</param>
/// <param name="CheckpointsChecked">Checkpoints whose signature and covered record were checked.</param>
/// <param name="FirstBadSeq">The first record found bad (edited, missing, out of place), when there is one.</param>
/// <param name="Problem">What is wrong, in words, when not Ok.</param>
/// <param name="LastSeq">The last record in the log.</param>
/// <param name="LastCheckpointSeq">The last record covered by a signed checkpoint (records after it are not yet protected against truncation).</param>
internal sealed record AuditVerification(
    bool Ok,
    long RecordsChecked,
    int CheckpointsChecked,
    long? FirstBadSeq,
    string? Problem,
    long LastSeq,
    long LastCheckpointSeq);

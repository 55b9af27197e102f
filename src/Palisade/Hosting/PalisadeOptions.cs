namespace Palisade.Hosting;

/// <summary>Host-wide settings, section <c>Palisade</c>.</summary>
internal sealed class PalisadeOptions
{
    public const string SectionName = "Palisade";

    /// <summary>
    /// Folder for keys, certificates and state; created on first start with owner-only permissions (0700).
    /// Relative paths are relative to the working directory. Default <c>data</c>.
    /// Env: PALISADE__DATADIRECTORY. Command line: <c>serve --data DIR</c> (wins over both).
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Seconds a graceful shutdown (SIGTERM, Ctrl+C) may take before remaining connections are aborted. 1..300, default 10.
    /// Env: PALISADE__SHUTDOWNTIMEOUTSECONDS.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 10;
}

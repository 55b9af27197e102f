namespace Palisade.Infrastructure;

/// <summary>The server's TLS identity, section <c>Palisade:Tls</c>.</summary>
internal sealed class ServerTlsOptions
{
    public const string SectionName = "Palisade:Tls";

    /// <summary>
    /// Extra DNS names or IP addresses the generated server certificate is valid for, besides localhost, 127.0.0.1
    /// and ::1 (which are always included). Used when the certificate is first generated; a name added later is
    /// reported with a warning until <c>server.crt</c> is deleted and re-issued.
    /// Env: PALISADE__TLS__HOSTNAMES__0, PALISADE__TLS__HOSTNAMES__1, ...
    /// </summary>
    public List<string> HostNames { get; set; } = [];

    /// <summary>Days the generated self-signed certificate is valid, 1..3650, default 730.
    /// Env: PALISADE__TLS__CERTIFICATEVALIDITYDAYS.</summary>
    public int CertificateValidityDays { get; set; } = 730;
}

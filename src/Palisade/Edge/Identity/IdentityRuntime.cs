using Microsoft.Extensions.Logging;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;

namespace Palisade.Edge.Identity;

/// <summary>
/// What device identity needs while the server runs, opened once in the data folder: the registry, the platform CA
/// (created on first start), the audit log and the broker hooks built on them. Disposed by the container at exit,
/// after the broker has closed every connection, so the audit log writes its last events and a final checkpoint.
/// </summary>
internal sealed class IdentityRuntime : IAsyncDisposable
{
    private readonly AuditStore _auditStore;
    private readonly AuditSigningKey _auditKey;
    private readonly PlatformCa _ca;
    private int _disposed;

    public IdentityRuntime(string dataDirectory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Data = DataFolder.Open(dataDirectory);
        Registry = RegistryStore.Open(Data);
        try
        {
            _ca = PlatformCa.LoadOrCreate(Data, time);
            _auditStore = AuditStore.Open(Data);
            _auditKey = AuditSigningKey.LoadOrCreate(Data);
        }
        catch
        {
            Registry.Dispose();
            _auditStore?.Dispose();
            _ca?.Dispose();
            throw;
        }

        Audit = new AuditLog(_auditStore, _auditKey, new AuditLogOptions(), time, loggerFactory.CreateLogger<AuditLog>());
        Hooks = new IdentityHooks(
            new DeviceCertificateValidator(Registry, _ca.Certificate),
            new SecretAuthenticator(Registry),
            new LiveCertificateTracker(),
            Audit,
            time);
    }

    public DataFolder Data { get; }

    public RegistryStore Registry { get; }

    public AuditLog Audit { get; }

    public IdentityHooks Hooks { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Audit.DisposeAsync().ConfigureAwait(false);
        _auditStore.Dispose();
        _auditKey.Dispose();
        _ca.Dispose();
        Registry.Dispose();
    }
}

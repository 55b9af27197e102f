namespace Palisade.Infrastructure.Storage;

/// <summary>
/// The data folder of one node: the registry database, the audit database, the platform CA and the signing keys.
/// Created on first use with owner-only permissions (0700), because it holds private keys and secret hashes.
/// </summary>
internal sealed class DataFolder
{
    /// <summary>Where the data folder is when no <c>--data</c> is given.</summary>
    public const string DefaultPath = "./data";

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private DataFolder(string root) => Root = root;

    /// <summary>Absolute path of the folder.</summary>
    public string Root { get; }

    /// <summary>participants, devices, applications, credentials, allowlists (SQLite).</summary>
    public string RegistryDatabasePath => Path.Combine(Root, "palisade.db");

    /// <summary>The hash-chained audit log, a separate file so that its write load and its backups stay apart.</summary>
    public string AuditDatabasePath => Path.Combine(Root, "audit.db");

    /// <summary>The platform certificate authority (ca.crt, ca.key).</summary>
    public string CaDirectory => EnsureSubdirectory("ca");

    /// <summary>Other signing keys (the audit checkpoint key).</summary>
    public string KeysDirectory => EnsureSubdirectory("keys");

    /// <summary>Opens (and creates on first use) the data folder.</summary>
    public static DataFolder Open(string? path)
    {
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? DefaultPath : path);
        CreateOwnerOnly(root);
        return new DataFolder(root);
    }

    private string EnsureSubdirectory(string name)
    {
        var dir = Path.Combine(Root, name);
        CreateOwnerOnly(dir);
        return dir;
    }

    private static void CreateOwnerOnly(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
            return;
        }

        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, OwnerOnlyDirectory);
        }

        // An existing folder made by hand (mkdir data) is usually 0755: tighten it rather than leave keys listable.
        if (File.GetUnixFileMode(dir) != OwnerOnlyDirectory)
        {
            File.SetUnixFileMode(dir, OwnerOnlyDirectory);
        }
    }
}

using Microsoft.Extensions.Logging;
using Palisade.Logging;

namespace Palisade.Infrastructure;

/// <summary>
/// The data folder: keys, certificates, state. Created on first start readable only by the owner (0700) because it
/// holds the server's private key and, in later issues, device secrets and the audit log.
/// </summary>
internal sealed class DataDirectory
{
    /// <summary>Owner read, write and search; nothing for group and others.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write; for private keys and other secrets.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private DataDirectory(string path) => FullPath = path;

    /// <summary>Absolute path of the folder.</summary>
    public string FullPath { get; }

    public string PathOf(string fileName) => Path.Combine(FullPath, fileName);

    /// <summary>Creates the folder (owner-only) if missing; warns when an existing one is open to other users.</summary>
    public static DataDirectory Open(string path, ILogger logger)
    {
        var fullPath = Path.GetFullPath(path);
        if (!Directory.Exists(fullPath))
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows: a new folder under the user's profile inherits owner-only ACLs; no Unix mode to set.
                Directory.CreateDirectory(fullPath);
            }
            else
            {
                // Created with the mode directly (not chmod afterwards) so there is no window where it is open.
                Directory.CreateDirectory(fullPath, OwnerOnlyDirectory);
            }
            logger.DataDirectoryCreated(fullPath);
        }
        else if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(fullPath);
            if ((mode & GroupOrOther) != 0)
            {
                logger.DataDirectoryPermissive(fullPath, FormatMode(mode));
            }
        }
        return new DataDirectory(fullPath);
    }

    /// <summary>Whether group or others have any access to <paramref name="path"/> (always false on Windows).</summary>
    public static bool IsOpenToOthers(string path, out string mode)
    {
        mode = "";
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        var unixMode = File.GetUnixFileMode(path);
        mode = FormatMode(unixMode);
        return (unixMode & GroupOrOther) != 0;
    }

    /// <summary>
    /// Writes a file atomically with owner-only permissions from the moment it exists: a temporary file created with
    /// mode 0600 is renamed into place, so neither a crash nor another user ever sees a partial or open secret.
    /// Fails if <paramref name="fileName"/> already exists.
    /// </summary>
    public string WriteSecretFile(string fileName, ReadOnlySpan<char> content) => WriteFile(fileName, content, secret: true);

    /// <summary>Writes a non-secret file atomically (readable per the folder's permissions), replacing any previous one.</summary>
    public string WritePublicFile(string fileName, ReadOnlySpan<char> content) => WriteFile(fileName, content, secret: false);

    private string WriteFile(string fileName, ReadOnlySpan<char> content, bool secret)
    {
        var target = PathOf(fileName);
        var temporary = PathOf($".{fileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret ? OwnerOnlyFile : OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: !secret);
        }
        finally
        {
            File.Delete(temporary);
        }
        return target;
    }

    private static string FormatMode(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}

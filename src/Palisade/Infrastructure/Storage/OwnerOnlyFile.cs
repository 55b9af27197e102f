namespace Palisade.Infrastructure.Storage;

/// <summary>Writes files that only the owner may read (0600): private keys, databases holding secret hashes.</summary>
internal static class OwnerOnlyFile
{
    internal const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="contents"/> to a new file. The file is created 0600 from the start (never widened then
    /// narrowed) and written under a temporary name first, so a crash never leaves a half-written key behind.
    /// Refuses to overwrite: keys are never replaced silently.
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> contents)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, CreateOptions()))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Creates an empty owner-only file if none exists (so SQLite opens a file that was never world-readable).</summary>
    public static void EnsureExists(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            using var stream = new FileStream(path, CreateOptions());
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; fine.
        }
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        return options;
    }
}

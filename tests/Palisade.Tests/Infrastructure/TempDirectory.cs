namespace Palisade.Tests.Infrastructure;

/// <summary>A real temporary folder, deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("palisade-test-").FullName;

    public string Path { get; }

    public string Data => System.IO.Path.Combine(Path, "data");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

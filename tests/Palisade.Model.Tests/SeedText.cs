namespace Palisade.Model.Tests;

/// <summary>
/// Finds the standard's text: <c>PALISADE_SEED_TEXT</c> if set, else <c>shared/seed/000_af0aaaa6b2b89944.txt</c> in any
/// directory above the test binaries (the worktree layout) or beside the clone (CI: <c>../shared</c>).
/// </summary>
internal static class SeedText
{
    private const string RelativePath = "shared/seed/000_af0aaaa6b2b89944.txt";

    internal static string? Path { get; } = Find();

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PALISADE_SEED_TEXT");
        if (!string.IsNullOrEmpty(env))
        {
            return File.Exists(env) ? env : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped, with the reason shown, when the standard's text is not available.</summary>
public sealed class SeedFactAttribute : FactAttribute
{
    public SeedFactAttribute()
    {
        if (SeedText.Path is null)
        {
            Skip = "The standard's text (shared/seed) is not beside this checkout; set PALISADE_SEED_TEXT to run.";
        }
    }
}

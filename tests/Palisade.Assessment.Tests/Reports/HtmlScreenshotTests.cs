using System.Diagnostics;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

/// <summary>
/// The HTML report renders in a real browser with no network: headless Chromium takes a screenshot of a sample's
/// report from a file URL, and the picture must be a PNG of the window size that shows the report (the severity
/// colours of the matrix, not a blank page). Chromium is required: the test fails, not skips, when it is missing
/// (CI's .ci/run installs it).
/// </summary>
public sealed class HtmlScreenshotTests : IDisposable
{
    private const int Width = 1400;
    private const int Height = 2000;
    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-screenshot-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Chromium can leave a lock file for a moment after exit; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task Html_report_renders_in_headless_chromium_without_network()
    {
        var chromium = FindChromium();
        Assert.True(chromium is not null, "chromium is not installed: apt-get install -y chromium (the screenshot test needs it)");

        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "multilevel-security-production.yaml");
        var text = await File.ReadAllTextAsync(sample);
        var result = AssessmentEngine.Assess(DescriptionLoader.Parse(text, "samples/multilevel-security-production.yaml"));
        var html = Path.Combine(_dir, "report.html");
        await File.WriteAllTextAsync(html, HtmlReportWriter.Render(new ReportContext(result, ReportCatalogue.Default)));
        var png = Path.Combine(_dir, "report.png");

        var (exit, stderr) = await RunAsync(chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + Path.Combine(_dir, "profile"),
            "--screenshot=" + png, $"--window-size={Width},{Height}", new Uri(html).AbsoluteUri,
        ]);

        Assert.True(exit == 0 && File.Exists(png), $"chromium exited {exit} without a screenshot:\n{stderr}");
        var bytes = await File.ReadAllBytesAsync(png);
        var image = PngImage.Decode(bytes);
        Assert.Equal(Width, image.Width);
        Assert.Equal(Height, image.Height);

        var white = 0;
        var critical = 0;
        var high = 0;
        for (var y = 0; y < image.Height; y += 2)
        {
            for (var x = 0; x < image.Width; x += 2)
            {
                var (r, g, b) = image[x, y];
                if (r > 250 && g > 250 && b > 250)
                {
                    white++;
                }

                // --crit #7f0000 and --high #c62828 of the report's CSS: the matrix cells and summary cards.
                if (Near(r, 0x7f) && Near(g, 0x00) && Near(b, 0x00))
                {
                    critical++;
                }
                else if (Near(r, 0xc6) && Near(g, 0x28) && Near(b, 0x28))
                {
                    high++;
                }
            }
        }

        var sampled = (image.Width / 2) * (image.Height / 2);
        Assert.True(white < sampled * 0.97, $"the page is blank ({white} of {sampled} sampled pixels white)");
        Assert.True(critical > 2_000, $"no critical-coloured area rendered ({critical} sampled pixels)");
        Assert.True(high > 500, $"no high-coloured area rendered ({high} sampled pixels)");
        // Keep a copy for people to look at when the test runs locally.
        File.Copy(png, Path.Combine(Path.GetTempPath(), "palisade-report-screenshot.png"), overwrite: true);
    }

    private static bool Near(byte value, int expected) => Math.Abs(value - expected) <= 4;

    private static string? FindChromium()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static async Task<(int Exit, string Stderr)> RunAsync(string exe, string[] args)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 120 s\n" + await stderr);
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }
}

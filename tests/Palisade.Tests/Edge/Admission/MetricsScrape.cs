using System.Globalization;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.Admission;

/// <summary>GET /metrics of a running server and reading one series of the Prometheus text.</summary>
internal static class MetricsScrape
{
    public static async Task<string> ScrapeAsync(PalisadeServerFixture server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server.HttpUri };
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The value of the series written exactly as <paramref name="series"/> (name and labels), or null when absent.</summary>
    public static double? Sample(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}

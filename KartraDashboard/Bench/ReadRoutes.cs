using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KartraDashboard.Bench;

/// <summary>A GET to time: the row it fills, the route as shown, and the path asked for.</summary>
internal sealed record ReadRoute(string Section, string Shown, string Path);

/// <summary>
/// Times GETs over HTTP the way a script reads the API or a browser first loads a page: the whole
/// answer, signed with the key or the sign-in cookie the client holds.
/// </summary>
internal static partial class ReadRoutes
{
    /// <summary>
    /// One untimed request first (a route's first call builds its delegates; what it matched is read
    /// from it), then the median of <paramref name="runs"/>.
    /// </summary>
    public static async Task<BenchRow> TimeAsync(HttpClient client, ReadRoute route, int runs, CancellationToken ct)
    {
        var matched = await MatchedAsync(client, route.Path, ct);
        var times = new List<double>(runs);
        long bytes = 0;
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = await GetAsync(client, route.Path, ct);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new BenchRow(route.Section, route.Shown, MedianMs: Median(times), Bytes: bytes, Matched: matched);
    }

    /// <summary>
    /// A list's <c>total</c> (what the filter matched), a page's table rows (what it rendered, so a
    /// page that lists too much shows), or null for any other answer.
    /// </summary>
    private static async Task<long?> MatchedAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode)
            throw new BenchException($"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        var media = response.Content.Headers.ContentType?.MediaType;
        if (media == "text/html") return TableRow().Count(await response.Content.ReadAsStringAsync(ct));
        if (media != "application/json") return null;
        using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        return answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("total", out var total)
            ? total.GetInt64()
            : null;
    }

    private static async Task<long> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            throw new BenchException($"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0) total += read;
        return total;
    }

    [GeneratedRegex(@"<tr[\s>]")]
    private static partial Regex TableRow();

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

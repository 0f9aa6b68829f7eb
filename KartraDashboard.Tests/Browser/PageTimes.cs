using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KartraDashboard.Tests.Browser;

/// <summary>
/// How long each page takes to become usable in a real browser over a large database: from the
/// start of the navigation until the circuit is live and the page shows its content with nothing
/// loading. Median of three visits, as one table in the test output and in page-times.txt (or the
/// file KARTRA_PAGE_TIMES_OUT names). Runs only when KARTRA_PAGE_TIMES_DB names the database
/// (<c>bench --keep</c> leaves one). It asserts only that every page became usable: timing goals
/// belong in the bench.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PageTimes(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Visits = 3;

    // Over a million events a slow page is a figure to report, not a failure: only a page that
    // never becomes usable fails.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Usable: the circuit is live, the page's own content is in it and nothing is loading; or the
    /// page shows its error, which the test then reports. Polled every frame; the time is the
    /// browser's own clock, from the start of the navigation to the frame the page became usable in.
    /// </summary>
    private const string Usable = """
        content => (document.querySelector('[data-testid=page-error-message]')
                || (document.querySelector('[data-circuit=live]') && document.querySelector(content) && !document.querySelector('.mud-progress-linear')))
            && performance.now()
        """;

    [PageTimesFact]
    public async Task Every_page_becomes_usable_over_the_given_database()
    {
        var source = Path.GetFullPath(PageTimesFactAttribute.Database!);
        Assert.True(File.Exists(source), $"{PageTimesFactAttribute.Variable}: no database file at {source}");

        // A copy of its own, as every test has: the host writes to the file it opens.
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var copy = Path.Combine(folder, "kartra.db");
        File.Copy(source, copy);
        if (File.Exists(Database.LogPathOf(source))) File.Copy(Database.LogPathOf(source), Database.LogPathOf(copy));
        await using var app = new TestApp(folder: folder);
        var picked = await PickAsync(app);

        (string Url, string Content)[] pages =
        [
            ("/", "[data-testid=latest-events]"),
            ("/timeline", "[data-testid=event-table]"),
            ("/leads", "[data-testid=leads-table]"),
            ("/leads/" + Uri.EscapeDataString(picked.LeadId), "[data-testid=lead-history]"),
            ("/revenue", "[data-testid=revenue-chart], [data-testid=revenue-empty]"),
            ("/transactions", "[data-testid=transactions-table], [data-testid=transactions-empty]"),
            ("/gdpr", "[data-testid=gdpr-table], [data-testid=gdpr-empty]"),
            ("/quarantine", "[data-testid=quarantine-table]"),
            ("/settings", "[data-testid=settings-events]"),
            ("/reports", "[data-testid=reports-table], [data-testid=reports-empty]"),
            ("/reports/tag/" + Uri.EscapeDataString(picked.TagId), "[data-testid=subject-chart]"),
            ("/leads?tag=" + Uri.EscapeDataString(picked.TagId), "[data-testid=leads-table]"),
            ("/subscriptions", "[data-testid=subscriptions-table], [data-testid=subscriptions-empty]"),
            ("/forwarding", "[data-testid=forwarding-targets], [data-testid=forwarding-empty]"),
            ("/alerts", "[data-testid=alerts-rules], [data-testid=alerts-empty]"),
            ("/erasures", "[data-testid=erasures-total]"),
            ("/leads?search=" + Uri.EscapeDataString(picked.Name), "[data-testid=leads-table]"),
        ];

        await using var context = await browser.NewContextAsync(app);
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.SignInAsync();

        // Round after round, so a page's visits are spread over the run rather than back to back.
        var times = pages.ToDictionary(p => p.Url, _ => new List<double>());
        for (var round = 0; round < Visits; round++)
            foreach (var (url, content) in pages)
                times[url].Add(await VisitAsync(page, url, content));

        var inv = CultureInfo.InvariantCulture;
        var chromium = (await browser.BrowserAsync()).Version;
        var width = pages.Max(p => p.Url.Length) + 2;
        var table = new StringBuilder()
            .AppendLine(string.Create(inv,
                $"Pages over {picked.Events:#,0} events and {picked.Leads:#,0} leads, Chromium {chromium}, {Environment.ProcessorCount} cores"))
            .AppendLine(string.Create(inv, $"ms from navigation start until usable (circuit live, content shown, nothing loading), median of {Visits} visits"))
            .AppendLine()
            .AppendLine("page".PadRight(width) + "median".PadLeft(8) + "   visits");
        foreach (var (url, _) in pages)
            table.AppendLine(url.PadRight(width) + Ms(Median(times[url])).PadLeft(8) + "   " + string.Join(", ", times[url].Select(Ms)));

        var file = Path.GetFullPath(Environment.GetEnvironmentVariable(PageTimesFactAttribute.OutVariable) is { Length: > 0 } path ? path : "page-times.txt");
        await File.WriteAllTextAsync(file, table.ToString());
        output.WriteLine(table.ToString());
        output.WriteLine($"Written to {file}");
    }

    private static string Ms(double ms) => Math.Round(ms).ToString("#,0", CultureInfo.InvariantCulture);

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed record Picked(string LeadId, string Name, string TagId, long Events, long Leads);

    /// <summary>
    /// What exists in the database, read from the started host's API: among the latest 500 leads,
    /// the one with the most events, and the first name most of them share; the tag most leads hold.
    /// </summary>
    private static async Task<Picked> PickAsync(TestApp app)
    {
        using var api = app.Api();
        var events = (long)(await api.GetFromJsonAsync<JsonObject>("/api/events?take=1"))!["total"]!;
        var leads = (await api.GetFromJsonAsync<JsonObject>("/api/leads?take=500"))!;
        var items = leads["items"]!.AsArray().Select(l => l!).ToList();
        Assert.True(items.Count > 0, "the database has no leads");
        var leadId = (string)items.MaxBy(l => (long)l["events"]!)!["leadId"]!;
        var name = items
            .Select(l => ((string?)l["name"])?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .OfType<string>()
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase)
            .MaxBy(g => g.Count())?.Key;
        Assert.True(name is not null, "none of the latest 500 leads has a name");
        var tags = (await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=tag"))!["items"]!.AsArray();
        Assert.True(tags.Count > 0, "the database has no tags");
        var tagId = (string)tags.MaxBy(t => (long)t!["current"]!)!["id"]!;
        return new Picked(leadId, name, tagId, events, (long)leads["total"]!);
    }

    /// <summary>Opens a page and returns the browser's milliseconds from navigation start until it was usable.</summary>
    private static async Task<double> VisitAsync(IPage page, string url, string content)
    {
        using var problems = new PageProblems(page);
        // Waiting for the navigation's commit alone: the rest is the browser's to time.
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        IJSHandle usable;
        try
        {
            usable = await page.WaitForFunctionAsync(Usable, content);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{url} did not become usable within {Patience.TotalSeconds} s (now at {page.Url}). " + problems);
        }
        var error = page.Locator("[data-testid=page-error-message]");
        if (await error.CountAsync() > 0) Assert.Fail($"{url} shows an error: {await error.First.InnerTextAsync()}");
        return await usable.JsonValueAsync<double>();
    }
}

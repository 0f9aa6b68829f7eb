using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Simulation;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

/// <summary>
/// Generates the screenshots in docs/screenshots: run with KARTRA_SCREENSHOTS set to the folder
/// to write to. Without that variable the test is skipped: it is a generator more than a check,
/// and it takes a minute.
/// </summary>
[Collection(BrowserCollection.Name)]
public class Screenshots(BrowserFixture browser)
{
    private static readonly string[] Pages = ["overview", "timeline", "timeline-details", "leads", "lead", "reports", "report", "revenue", "subscriptions",
        "transactions", "gdpr", "forwarding", "alerts", "quarantine", "settings", "login"];

    // Long lists are cut here: enough to show the page, small enough for the repository.
    private const int MaxHeight = 1800;

    [ScreenshotFact]
    public async Task Every_page_is_photographed_in_light_and_dark_when_asked()
    {
        var folder = ScreenshotFactAttribute.Folder!;
        Directory.CreateDirectory(folder);

        await using var app = new TestApp();
        var leadId = await SeedAsync(app);
        var tagId = await BusiestTagAsync(app);

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using var context = await browser.NewContextAsync(app, scheme);
            var page = await context.NewPageAsync();
            await page.SignInAsync();
            var suffix = scheme == ColorScheme.Dark ? "dark" : "light";
            foreach (var name in Pages)
            {
                var target = Path.Combine(folder, $"{name}-{suffix}.png");
                await ShootAsync(page, name, leadId, tagId, scheme, target);
            }
        }

        await using (var phone = await browser.NewContextAsync(app, ColorScheme.Light, width: 390, height: 844))
        {
            var page = await phone.NewPageAsync();
            await page.SignInAsync();
            await ShootAsync(page, "overview", leadId, tagId, ColorScheme.Light, Path.Combine(folder, "overview-phone-light.png"));
        }

        var expected = Pages.SelectMany(name => new[] { $"{name}-light.png", $"{name}-dark.png" }).Append("overview-phone-light.png");
        Assert.All(expected, name => Assert.True(new FileInfo(Path.Combine(folder, name)) is { Exists: true, Length: > 0 }, $"{name} was not written"));
    }

    /// <summary>300 pings of the simulator's stories with a fixed seed, spread over the last three weeks, and two bodies for quarantine.</summary>
    private static async Task<string> SeedAsync(TestApp app)
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, newYork).DateTime;
        var report = await new Simulator().RunAsync(new SimulationSettings
        {
            WebhookUrl = new Uri(app.WebhookUrl),
            Rate = 0,
            Concurrency = 4,
            Count = 300,
            Seed = 42,
            Start = now.Date.AddDays(-20).AddHours(8),
            MeanGap = TimeSpan.FromMinutes(90),
        }, progress: null, CancellationToken.None);
        Assert.True(report.AllAccepted, $"rejected {report.Rejected}, failed {report.Failed}");

        await app.PostAsync("name=Maria&email=maria%40example.com", "application/x-www-form-urlencoded");
        await app.PostAsync("""{"lead":{"id":"77","email":"sam@example.com"},"action_details":{}}""");

        // The lead with the longest history makes the fullest lead page.
        using var api = app.Api();
        var leads = (await api.GetFromJsonAsync<JsonObject>("/api/leads?take=500"))!["items"]!.AsArray();
        return (string)leads.OrderByDescending(l => (long?)l!["events"] ?? 0).First()!["leadId"]!;
    }

    /// <summary>The tag most leads hold now, for a subject's report.</summary>
    private static async Task<string> BusiestTagAsync(TestApp app)
    {
        using var api = app.Api();
        var tags = (await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=tag"))!["items"]!.AsArray();
        return (string)tags.OrderByDescending(t => (long?)t!["current"] ?? 0).First()!["id"]!;
    }

    private static async Task ShootAsync(IPage page, string name, string leadId, string tagId, ColorScheme scheme, string path)
    {
        switch (name)
        {
            case "login":
                await page.Context.ClearCookiesAsync();
                await page.GotoAsync("/login?returnUrl=%2F");
                await Expect(page.Locator("#password")).ToBeVisibleAsync();
                await WholePageAsync(page, path);
                await page.SignInAsync();
                return;
            case "timeline-details":
                await OpenAsync(page, "/timeline", scheme);
                await page.Locator("[data-testid=event-summary]").First.ClickAsync();
                await Expect(page.Locator("[data-testid=event-details-raw]")).ToBeVisibleAsync();
                // The dialog floats over the viewport: photograph what a user sees.
                await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
                return;
            default:
                await OpenAsync(page, name switch
                {
                    "overview" => "/",
                    "lead" => "/leads/" + Uri.EscapeDataString(leadId),
                    "report" => "/reports/tag/" + Uri.EscapeDataString(tagId),
                    _ => "/" + name,
                }, scheme);
                break;
        }
        await WholePageAsync(page, path);
    }

    /// <summary>
    /// The whole page, up to <see cref="MaxHeight"/> pixels: the viewport is stretched to the
    /// page's height (so the navigation drawer, which is as tall as the viewport, runs to the
    /// bottom), then put back.
    /// </summary>
    private static async Task WholePageAsync(IPage page, string path)
    {
        var viewport = page.ViewportSize!;
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(viewport.Width, Math.Clamp(height, viewport.Height, MaxHeight));
        try
        {
            await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
        }
        finally
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }
    }

    /// <summary>Opens a page and waits until it has loaded its data and taken the colour scheme.</summary>
    private static async Task OpenAsync(IPage page, string url, ColorScheme scheme)
    {
        await page.GotoInteractiveAsync(url);
        await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
        await page.WaitForFunctionAsync(
            """
            dark => {
                const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
                return dark ? r + g + b < 384 : r + g + b >= 384;
            }
            """, scheme == ColorScheme.Dark);
    }
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KartraDashboard.Tests.Subjects;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class ReportsTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Reports_lead_from_a_tag_to_its_leads_and_their_export()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);

        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/reports");
        var subjects = page.Locator("[data-testid=report-subject] a");
        await Expect(subjects).ToHaveCountAsync(2);

        await subjects.First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/reports/tag/5$"));
        await Expect(page.Locator("[data-testid=subject-title]")).ToHaveTextAsync("VIP customers");

        await page.Locator("[data-testid=subject-leads]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/leads\?tag=5$"));
        await Expect(page.Locator("[data-testid=lead-id]")).ToHaveCountAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=leads-export]"));
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using var api = app.Api();
        var expected = (await api.GetFromJsonAsync<JsonObject>("/api/leads?tag=5"))!["items"]!.AsArray();
        Assert.Equal(expected.Select(i => (string?)i!["leadId"]), lines.Skip(1).Select(l => l.Split(',')[0]));
    }
}

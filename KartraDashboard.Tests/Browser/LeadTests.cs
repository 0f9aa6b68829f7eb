using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class LeadTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_lead_opens_from_the_leads_list_with_its_name_tags_and_history()
    {
        await using var app = new TestApp();
        foreach (var ping in new[]
                 {
                     TestPings.From("assign_tag").Lead("701", "ada@example.com", "Ada").Details("tag", ("tag_name", "Founder")),
                     TestPings.From("list_subscription").Lead("701", "ada@example.com", "Ada"),
                     TestPings.From("assign_tag").Lead("702", "otto@example.com", "Otto").Details("tag", ("tag_name", "Other")),
                 })
            (await app.PostAsync(ping.ToJsonString())).EnsureSuccessStatusCode();

        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/leads");
        await Expect(page.Locator("[data-testid=lead-name]")).ToHaveCountAsync(2);

        await page.Locator("[data-testid=lead-name] a", new() { HasText = "Ada" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/leads/701$"));
        await Expect(page.Locator("[data-testid=lead-title]")).ToContainTextAsync("Ada");
        await Expect(page.Locator("[data-testid=lead-tag]")).ToHaveTextAsync(["Founder"]);
        var history = page.Locator("[data-testid=lead-history] [data-testid=event-summary]");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.First).ToContainTextAsync("list", new() { IgnoreCase = true });
        await Expect(history.Last).ToContainTextAsync("Founder");
        await Expect(page.Locator("[data-testid=lead-history]")).Not.ToContainTextAsync("Other");
    }
}

using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class TimelineTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_ping_posted_over_http_appears_on_the_timeline_without_reload()
    {
        await using var app = new TestApp();
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/timeline");
        await Expect(page.Locator("[data-testid=timeline-total]")).ToHaveTextAsync("0 events");
        var loaded = page.Url;

        var ping = TestPings.From("assign_tag").Lead("501", "live@example.com", "Lina").Details("tag", ("tag_name", "Arrived-Live-7f3a"));
        (await app.PostAsync(ping.ToJsonString())).EnsureSuccessStatusCode();

        await Expect(page.Locator("[data-testid=event-summary]", new() { HasText = "Arrived-Live-7f3a" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=timeline-total]")).ToHaveTextAsync("1–1 of 1 events");
        Assert.Equal(loaded, page.Url);
    }

    [BrowserFact]
    public async Task The_timeline_filters_by_action_and_by_lead_with_its_own_controls()
    {
        await using var app = new TestApp();
        foreach (var ping in new[]
                 {
                     TestPings.From("assign_tag").Lead("601", "alice@example.com", "Alice").Details("tag", ("tag_name", "Gold")),
                     TestPings.From("list_subscription").Lead("601", "alice@example.com", "Alice"),
                     TestPings.From("assign_tag").Lead("602", "bruno@example.com", "Bruno").Details("tag", ("tag_name", "Silver")),
                     TestPings.From("list_subscription").Lead("602", "bruno@example.com", "Bruno"),
                     TestPings.From("video_play").Lead("603", "chen@example.com", "Chen"),
                 })
            (await app.PostAsync(ping.ToJsonString())).EnsureSuccessStatusCode();

        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/timeline");
        var summaries = page.Locator("[data-testid=event-summary]");
        await Expect(summaries).ToHaveCountAsync(5);

        await page.ClickAsync("[data-testid=filter-actions-toggle]");
        await page.ClickAsync("[data-testid=filter-action-assign_tag]");

        await Expect(page).ToHaveURLAsync(new Regex(@"/timeline\?action=assign_tag$"));
        await Expect(summaries).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=event-action]")).ToHaveTextAsync(["Tag assigned", "Tag assigned"]);
        await Expect(page.Locator("[data-testid=filter-action-selected]")).ToContainTextAsync("Tag assigned");

        var lead = page.Locator("input[data-testid=filter-lead], [data-testid=filter-lead] input").First;
        await lead.FillAsync("bruno");
        await lead.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]lead=bruno(&|$)"));
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]action=assign_tag(&|$)"));
        await Expect(summaries).ToHaveCountAsync(1);
        await Expect(summaries).ToContainTextAsync(["Silver"]);
        await Expect(page.Locator("[data-testid=event-lead]")).ToContainTextAsync(["bruno@example.com"]);

        await page.ClickAsync("[data-testid=filter-clear]");
        await Expect(page).ToHaveURLAsync(new Regex(@"/timeline$"));
        await Expect(summaries).ToHaveCountAsync(5);
    }

    [BrowserFact]
    public async Task The_first_click_on_a_page_just_opened_is_heard()
    {
        await using var app = new TestApp();
        (await app.PostAsync(TestPings.From("assign_tag").Lead("611", "ida@example.com", "Ida").Details("tag", ("tag_name", "Gold")).ToJsonString()))
            .EnsureSuccessStatusCode();
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();

        // No wait for the circuit: the prerendered page says it is not live yet and its controls are disabled,
        // so a click waits until they can be heard rather than going nowhere.
        var response = await page.GotoAsync("/timeline");
        var html = await response!.TextAsync();
        Assert.Contains("data-circuit=\"pending\"", html);
        var toggle = Regex.Match(html, "<button[^>]*data-testid=\"filter-actions-toggle\"[^>]*>");
        Assert.True(toggle.Success, "The prerendered page has no actions toggle.");
        Assert.Contains(" disabled", toggle.Value);

        await page.ClickAsync("[data-testid=filter-actions-toggle]");

        await Expect(page.Locator("[data-testid=filter-action-assign_tag]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-circuit=live]")).ToHaveCountAsync(1);
    }
}

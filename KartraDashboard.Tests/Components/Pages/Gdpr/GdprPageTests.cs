using System.Text.Json.Nodes;
using GdprPage = KartraDashboard.Components.Pages.Gdpr.Gdpr;

namespace KartraDashboard.Tests.Components.Pages.Gdpr;

public class GdprPageTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    private static async Task Post(TestApp app, JsonObject ping)
    {
        using var response = await app.PostAsync(ping.ToJsonString());
        response.EnsureSuccessStatusCode();
    }

    private static JsonObject Lead(string id, int gdpr, int communications) =>
        TestPings.From("assign_tag").Lead(id, gdpr: gdpr, communications: communications);

    private static string Text(IRenderedComponent<GdprPage> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public async Task Counts_each_lead_once_by_its_latest_status()
    {
        await using var app = new TestApp();
        await Post(app, Lead("1", gdpr: 2, communications: 0));
        await Post(app, Lead("2", gdpr: 3, communications: 1));
        await Post(app, Lead("3", gdpr: 2, communications: 1));
        // Lead 3 changes its mind: only its latest snapshot counts.
        await Post(app, Lead("3", gdpr: 5, communications: 0));
        var noStatus = TestPings.From("assign_tag").Lead("4");
        noStatus["lead"]!.AsObject().Remove("gdpr_lead_status");
        noStatus["lead"]!.AsObject().Remove("gdpr_lead_communications");
        await Post(app, noStatus);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<GdprPage>("/gdpr").WhenLoaded();

        Assert.Equal("0", Text(cut, "gdpr-leads-0"));
        Assert.Equal("1", Text(cut, "gdpr-leads-2"));
        Assert.Equal("1", Text(cut, "gdpr-leads-3"));
        Assert.Equal("1", Text(cut, "gdpr-leads-5"));
        Assert.Equal("1", Text(cut, "gdpr-leads-none"));
        Assert.Equal("25.0%", Text(cut, "gdpr-share-2"));
        Assert.Equal("2", Text(cut, "gdpr-agreed"));     // 0 means agreed: leads 1 and 3
        Assert.Equal("1", Text(cut, "gdpr-not-agreed")); // lead 2
        Assert.Equal("1", Text(cut, "gdpr-unknown"));    // lead 4
        var table = Text(cut, "gdpr-table");
        foreach (var label in new[] { "Off", "Not subject", "Accepted", "Not accepted", "Unknown", "Pending" }) Assert.Contains(label, table);
        Assert.Contains("not answered yet", table);
        cut.Find("[data-testid='gdpr-chart']");
    }

    [Fact]
    public async Task Each_status_leads_to_its_leads()
    {
        await using var app = new TestApp();
        await Post(app, Lead("1", gdpr: 3, communications: 1));
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<GdprPage>("/gdpr").WhenLoaded();

        Assert.Equal("/leads?gdpr=3", cut.Find("[data-testid='gdpr-link-3']").GetAttribute("href"));

        cut.Find("[data-testid='gdpr-row-4']").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/leads?gdpr=4", ctx.Navigation.Uri), Live);
    }

    [Fact]
    public async Task A_lead_posted_after_the_page_opened_is_counted()
    {
        await using var app = new TestApp();
        await Post(app, Lead("1", gdpr: 2, communications: 0));
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<GdprPage>("/gdpr").WhenLoaded();
        Assert.Equal("0", Text(cut, "gdpr-leads-1"));

        await Post(app, Lead("2", gdpr: 1, communications: 0));
        await Post(app, Lead("1", gdpr: 1, communications: 1));

        cut.WaitForAssertion(() => Assert.Equal("2", Text(cut, "gdpr-leads-1")), Live);
        Assert.Equal("0", Text(cut, "gdpr-leads-2"));
        Assert.Equal("100.0%", Text(cut, "gdpr-share-1"));
    }

    [Fact]
    public async Task Without_leads_it_says_where_they_come_from()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<GdprPage>("/gdpr").WhenLoaded();

        Assert.Contains("No leads yet", Text(cut, "gdpr-empty"));
    }
}

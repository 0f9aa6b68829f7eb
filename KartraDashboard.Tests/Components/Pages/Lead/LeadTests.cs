using LeadPage = KartraDashboard.Components.Pages.Lead.Lead;

namespace KartraDashboard.Tests.Components.Pages.Lead;

public class LeadTests
{
    private static IRenderedComponent<LeadPage> Open(DashboardTestContext ctx, string leadId) =>
        ctx.RenderPage<LeadPage>("/leads/" + leadId, p => p.Add(x => x.LeadId, leadId));

    [Fact]
    public async Task An_unknown_lead_gets_a_friendly_message_and_a_way_back()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = Open(ctx, "404");

        cut.WaitForAssertion(() => Assert.Contains("No lead with id 404", cut.Find("[data-testid=lead-not-found]").TextContent));
        Assert.EndsWith("/leads", cut.Find("[data-testid=lead-back]").GetAttribute("href"));
    }

    [Fact]
    public async Task The_lead_shows_its_snapshot_state_consent_totals_and_history()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("list_subscription").Lead("31", "ann@example.com", "Ann"));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("31", "ann@example.com", "Ann").Details("tag", ("tag_name", "VIP")));
        await ctx.PostAsync(TestPings.Sale("31", 800, 120m).Lead("31", "ann@example.com", "Ann"));
        await ctx.PostAsync(TestPings.Refund("31", 801, 20m, partial: true).Lead("31", "ann@example.com", "Ann", gdpr: 2, communications: 0));

        var cut = Open(ctx, "31");

        cut.WaitForAssertion(() => Assert.Equal("Ann Lopez", cut.Find("[data-testid=lead-title]").TextContent.Trim()));
        Assert.Equal("$120.00", cut.Find("[data-testid=lead-spent]").TextContent.Trim());
        Assert.Equal("$20.00", cut.Find("[data-testid=lead-refunded]").TextContent.Trim());
        Assert.Equal("$100.00", cut.Find("[data-testid=lead-net]").TextContent.Trim());
        Assert.Equal("Accepted · Agreed to communications", cut.Find("[data-testid=lead-gdpr]").TextContent.Trim());
        Assert.Equal(["VIP"], cut.FindAll("[data-testid=lead-tag]").Select(t => t.TextContent.Trim()));
        var lists = cut.Find("[data-testid=lead-lists]").TextContent;
        Assert.Contains("Newsletter", lists);
        Assert.Contains("subscribed", lists);
        Assert.Contains("ann@example.com", cut.Find("[data-testid=lead-snapshot]").TextContent);
        Assert.Contains("red, blue", cut.Find("[data-testid=lead-custom-fields]").TextContent);
        Assert.Equal(4, cut.FindAll("[data-testid=lead-history] tbody tr").Count);
    }

    [Fact]
    public async Task A_new_event_of_the_lead_appears_on_top_and_its_state_follows()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("32", "bo@example.com", "Bo").Details("tag", ("tag_name", "VIP")));
        var cut = Open(ctx, "32");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=lead-tag]")));

        await ctx.PostAsync(TestPings.From("assign_tag").Lead("99").Details("tag", ("tag_name", "Other lead")));
        await ctx.PostAsync(TestPings.From("unassign_tag").Lead("32").Details("tag", ("tag_name", "VIP")));

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=lead-tag]"));
            var rows = cut.FindAll("[data-testid=lead-history] [data-testid=event-summary]").Select(e => e.TextContent.Trim()).ToList();
            Assert.Equal(2, rows.Count);
            Assert.StartsWith("Tag removed", rows[0]);
        }, DashboardTestContext.LiveTimeout);
        Assert.Equal("2", cut.Find("[data-testid=lead-events]").TextContent.Trim());
    }

    [Fact]
    public async Task Load_older_brings_the_rest_of_a_long_history()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await Task.WhenAll(Enumerable.Range(1, 54).Select(i => ctx.PostAsync(TestPings.From("kartra_page_visit").Lead("33"))));
        var cut = Open(ctx, "33");
        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindAll("[data-testid=lead-history] tbody tr").Count));

        cut.Find("[data-testid=lead-load-older]").Click();

        cut.WaitForAssertion(() => Assert.Equal(54, cut.FindAll("[data-testid=lead-history] tbody tr").Count));
        Assert.Empty(cut.FindAll("[data-testid=lead-load-older]"));
    }
}

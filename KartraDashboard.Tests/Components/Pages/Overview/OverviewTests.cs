using KartraDashboard.Hosting;
using OverviewPage = KartraDashboard.Components.Pages.Overview.Overview;

namespace KartraDashboard.Tests.Components.Pages.Overview;

public class OverviewTests
{
    [Fact]
    public async Task Without_pings_it_shows_the_webhook_url_to_paste_and_an_empty_list()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<OverviewPage>("/");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=latest-empty]")));
        var setup = cut.Find("[data-testid=setup-card]");
        Assert.Contains(app.Service<PublicUrls>().MaskedWebhookUrl, setup.TextContent);
        Assert.DoesNotContain(TestApp.Token, cut.Markup);
        Assert.Contains("Outbound API", setup.TextContent);
        Assert.Equal("0", cut.Find("[data-testid=today-events]").TextContent.Trim());
    }

    [Fact]
    public async Task Figures_count_today_s_events_leads_sales_refunds_and_net()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var now = ctx.KartraNow();
        await ctx.PostAsync(TestPings.Sale("11", 501, 100m, date: now).Lead("11", "ann@example.com", "Ann"));
        await ctx.PostAsync(TestPings.Refund("11", 502, 30m, date: now).Lead("11", "ann@example.com", "Ann"));

        var cut = ctx.RenderPage<OverviewPage>("/");

        cut.WaitForAssertion(() => Assert.Equal("$70.00", cut.Find("[data-testid=today-net]").TextContent.Trim()));
        Assert.Equal("2", cut.Find("[data-testid=today-events]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=today-leads]").TextContent.Trim());
        Assert.Equal("$100.00", cut.Find("[data-testid=today-sales]").TextContent.Trim());
        Assert.Equal("$30.00", cut.Find("[data-testid=today-refunds]").TextContent.Trim());
        Assert.Equal("$70.00", cut.Find("[data-testid=last30-net]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=setup-card]"));
        Assert.Equal(2, cut.FindAll("[data-testid=latest-events] tbody tr").Count);
    }

    [Fact]
    public async Task A_ping_after_render_slides_into_the_list_and_updates_the_figures()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<OverviewPage>("/");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=setup-card]")));

        await ctx.PostAsync(TestPings.Sale("12", 601, 49.5m, date: ctx.KartraNow()).Lead("12", "bo@example.com", "Bo"));

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=setup-card]"));
            Assert.Contains("Bo", cut.Find("[data-testid=latest-events] [data-testid=event-lead]").TextContent);
            Assert.Equal("$49.50", cut.Find("[data-testid=today-sales]").TextContent.Trim());
            Assert.Single(cut.FindAll("[data-testid=latest-events] tr.event-fresh"));
        }, DashboardTestContext.LiveTimeout);
    }
}

using LeadsPage = KartraDashboard.Components.Pages.Leads.Leads;

namespace KartraDashboard.Tests.Components.Pages.Leads;

public class LeadsTests
{
    private static IReadOnlyList<string> Ids(IRenderedComponent<LeadsPage> cut) =>
        cut.FindAll("[data-testid=lead-id]").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task Without_leads_it_says_where_they_come_from()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<LeadsPage>("/leads");

        cut.WaitForAssertion(() => Assert.Contains("No leads yet", cut.Find("[data-testid=leads-empty]").TextContent));
    }

    [Fact]
    public async Task Leads_are_listed_with_gdpr_label_totals_and_a_link()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.Sale("21", 700, 80m).Lead("21", "ann@example.com", "Ann", gdpr: 2));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("22", "bo@example.com", "Bo", gdpr: 3));

        var cut = ctx.RenderPage<LeadsPage>("/leads");

        cut.WaitForAssertion(() => Assert.Equal(["22", "21"], Ids(cut)));
        Assert.Equal("1–2 of 2 leads", cut.Find("[data-testid=leads-total]").TextContent.Trim());
        var ann = cut.FindAll("[data-testid=leads-table] tbody tr")[1];
        Assert.Contains("Ann", ann.QuerySelector("[data-testid=lead-name]")!.TextContent);
        Assert.EndsWith("/leads/21", ann.QuerySelector("[data-testid=lead-name] a")!.GetAttribute("href"));
        Assert.Equal("Accepted", ann.QuerySelector("[data-testid=lead-gdpr]")!.TextContent.Trim());
        Assert.Equal("$80.00", ann.QuerySelector("[data-testid=lead-spent]")!.TextContent.Trim());
        Assert.Contains("America/New_York", cut.Find("[data-testid=leads-zone]").TextContent);
    }

    [Fact]
    public async Task Search_and_gdpr_in_the_url_narrow_the_list()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("21", "ann@example.com", "Ann", gdpr: 2));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("22", "bo@example.com", "Bo", gdpr: 3));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("23", "cy@other.org", "Cy", gdpr: 3));

        var cut = ctx.RenderPage<LeadsPage>("/leads?search=example.com");
        cut.WaitForAssertion(() => Assert.Equal(["22", "21"], Ids(cut)));

        ctx.Navigation.NavigateTo("/leads?gdpr=3");
        cut.WaitForAssertion(() => Assert.Equal(["23", "22"], Ids(cut)));

        ctx.Navigation.NavigateTo("/leads?search=example.com&gdpr=3");
        cut.WaitForAssertion(() => Assert.Equal(["22"], Ids(cut)));

        ctx.Navigation.NavigateTo("/leads?search=nobody");
        cut.WaitForAssertion(() => Assert.Contains("No lead matches", cut.Find("[data-testid=leads-empty]").TextContent));
    }

    [Fact]
    public async Task A_new_lead_appears_without_reload()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("21", "ann@example.com", "Ann"));
        var cut = ctx.RenderPage<LeadsPage>("/leads");
        cut.WaitForAssertion(() => Assert.Equal(["21"], Ids(cut)));

        await ctx.PostAsync(TestPings.From("assign_tag").Lead("24", "dee@example.com", "Dee"));

        cut.WaitForAssertion(() => Assert.Equal(["24", "21"], Ids(cut)), DashboardTestContext.LiveTimeout);
    }
}

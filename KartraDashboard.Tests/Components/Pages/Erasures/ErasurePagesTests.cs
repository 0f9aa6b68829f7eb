using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErasuresPage = KartraDashboard.Components.Pages.Erasures.Erasures;
using LeadPage = KartraDashboard.Components.Pages.Lead.Lead;
using LeadsPage = KartraDashboard.Components.Pages.Leads.Leads;

namespace KartraDashboard.Tests.Components.Pages.Erasures;

public class ErasurePagesTests
{
    [Fact]
    public async Task The_lead_page_erases_only_once_the_email_is_typed_and_the_log_page_lists_it()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("31", "ann@example.com", "Ann"));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("32", "bob@example.com", "Bob"));

        var cut = ctx.RenderPage<LeadPage>("/leads/31", p => p.Add(x => x.LeadId, "31"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=lead-erase-start]"));
        cut.Find("[data-testid=lead-erase-start]").Click();
        cut.WaitForAssertion(() => cut.Find("input[data-testid=lead-erase-confirm]"));
        cut.Find("input[data-testid=lead-erase-confirm]").Input("bob@example.com");
        Assert.True(cut.Find("[data-testid=lead-erase-go]").HasAttribute("disabled"));
        cut.Find("input[data-testid=lead-erase-confirm]").Input("ANN@example.com");
        cut.Find("[data-testid=lead-erase-go]").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/erasures", ctx.Navigation.Uri), DashboardTestContext.LiveTimeout);

        using var api = app.Api();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync("/api/leads/31")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/api/leads/32")).StatusCode);

        var log = ctx.RenderPage<ErasuresPage>("/erasures");
        log.WaitForAssertion(() => Assert.Equal(["31"], log.FindAll("[data-testid=erasure-lead]").Select(c => c.TextContent.Trim())), DashboardTestContext.LiveTimeout);
        Assert.Contains("of 1 erasures", log.Find("[data-testid=erasures-total]").TextContent);
    }

    [Fact]
    public async Task The_leads_page_lists_the_leads_deleted_in_Kartra_and_erases_them_in_one_go()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        foreach (var (id, deleted) in new[] { ("1", "1"), ("2", "0"), ("3", "1") })
        {
            var ping = TestPings.From("assign_tag").Lead(id);
            ping["lead"]!["lead_deleted"] = deleted;
            await ctx.PostAsync(ping);
        }

        var cut = ctx.RenderPage<LeadsPage>("/leads?deleted=1");
        cut.WaitForAssertion(() => Assert.Contains("1–2 of 2 leads", cut.Find("[data-testid=leads-total]").TextContent));
        cut.Find("[data-testid=leads-deleted-erase]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=leads-deleted-erase-confirm]"));
        cut.Find("[data-testid=leads-deleted-erase-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains("0 leads", cut.Find("[data-testid=leads-total]").TextContent), DashboardTestContext.LiveTimeout);

        using var api = app.Api();
        var leads = (await api.GetFromJsonAsync<JsonObject>("/api/leads"))!;
        Assert.Equal(["2"], leads["items"]!.AsArray().Select(l => (string)l!["leadId"]!));
    }
}

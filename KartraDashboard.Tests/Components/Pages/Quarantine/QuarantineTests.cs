using System.Net;
using QuarantinePage = KartraDashboard.Components.Pages.Quarantine.Quarantine;

namespace KartraDashboard.Tests.Components.Pages.Quarantine;

public class QuarantineTests
{
    [Fact]
    public async Task Without_kept_bodies_it_says_every_body_was_a_ping()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<QuarantinePage>("/quarantine");

        cut.WaitForAssertion(() => Assert.Contains("Nothing in quarantine", cut.Find("[data-testid=quarantine-empty]").TextContent));
    }

    [Fact]
    public async Task A_body_without_action_is_listed_with_its_reason_and_can_be_viewed()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        using (var response = await app.PostAsync("{\"lead\":{\"email\":\"<i>x</i>\"}}"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var cut = ctx.RenderPage<QuarantinePage>("/quarantine");

        cut.WaitForAssertion(() => Assert.Contains("no string \"action\"", cut.Find("[data-testid=quarantine-reason]").TextContent));
        cut.Find("[data-testid=quarantine-view]").Click();
        var text = cut.WaitForElement("[data-testid=quarantine-body-text]").TextContent;
        Assert.Contains("\"email\": \"<i>x</i>\"", text);
        Assert.Empty(cut.FindAll("[data-testid=quarantine-body] i"));
    }

    [Fact]
    public async Task Re_processing_a_body_that_is_still_not_a_ping_answers_with_the_reason()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        using (await app.PostAsync("{\"lead\":{}}")) { }
        var cut = ctx.RenderPage<QuarantinePage>("/quarantine");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=quarantine-reprocess]")));

        cut.Find("[data-testid=quarantine-reprocess]").Click();

        ctx.Providers.WaitForAssertion(() => Assert.Contains("Still not a Kartra ping: The JSON has no string \"action\" field.", ctx.Providers.Markup.Replace("&quot;", "\"")),
            DashboardTestContext.LiveTimeout);
        Assert.Empty(cut.FindAll("[data-testid=quarantine-event-link]"));
    }
}

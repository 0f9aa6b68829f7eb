using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using KartraDashboard.Tests.Forwarding;
using ForwardingPage = KartraDashboard.Components.Pages.Forwarding.Forwarding;

namespace KartraDashboard.Tests.Components.Pages.Forwarding;

public class ForwardingPageTests
{
    internal static IElement Input(IRenderedComponent<ForwardingPage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    [Fact]
    public async Task A_target_added_shows_its_secret_once_and_its_log_shows_a_ping_delivered()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<ForwardingPage>("/forwarding");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=forwarding-empty]")), DashboardTestContext.LiveTimeout);

        Input(cut, "forwarding-url").Input(receiver.At("/page"));
        cut.Find("[data-testid=forwarding-create]").Click();

        var secret = cut.WaitForElement("[data-testid=forwarding-secret]", DashboardTestContext.LiveTimeout).TextContent;
        Assert.StartsWith("whsec_", secret);
        Assert.NotNull(cut.Find("[data-testid=forwarding-secret-copy]"));
        cut.WaitForAssertion(() => Assert.Equal(receiver.At("/page"), cut.Find("[data-testid=forwarding-target-url]").TextContent), DashboardTestContext.LiveTimeout);
        cut.Find("[data-testid=forwarding-secret-close]").Click();
        Assert.DoesNotContain(secret, cut.Markup);

        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1"));
        await Receiver.Until(() => receiver.Received.Count == 1, "the delivery");
        // The live feed shows the delivery owed as the ping is stored; its answer is read on refresh.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=delivery-row]")), DashboardTestContext.LiveTimeout);
        using var api = app.Api();
        var id = (string)(await api.GetFromJsonAsync<JsonArray>("/api/forwarding"))!.Single()!["id"]!;
        await Receiver.Until(() => ForwardingTests.Deliveries(api, id).Result is [var only] && (string)only!["status"]! == "delivered", "logged as delivered");
        cut.Find("[data-testid=forwarding-refresh]").Click();
        cut.WaitForAssertion(() => Assert.Equal("delivered", cut.Find("[data-testid=delivery-status]").TextContent.Trim()), DashboardTestContext.LiveTimeout);
        Assert.Contains("answer 200", cut.Find("[data-testid=delivery-answer]").TextContent);
    }

    [Fact]
    public async Task A_bad_address_is_refused_with_a_reason_and_a_target_can_be_paused_and_deleted()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<ForwardingPage>("/forwarding");
        // Loaded first: the render that shows the targets would otherwise replace the button being clicked.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=forwarding-empty]")), DashboardTestContext.LiveTimeout);

        Input(cut, "forwarding-url").Input("ftp://example.com/");
        cut.Find("[data-testid=forwarding-create]").Click();
        cut.WaitForAssertion(() => Assert.Contains("http or https", cut.Find("[data-testid=forwarding-form-error]").TextContent), DashboardTestContext.LiveTimeout);

        Input(cut, "forwarding-url").Input("https://hooks.example.com/kartra");
        cut.Find("[data-testid=forwarding-create]").Click();
        cut.WaitForAssertion(() => Assert.Equal("active", cut.Find("[data-testid=forwarding-target-state]").TextContent), DashboardTestContext.LiveTimeout);
        cut.Find("[data-testid=forwarding-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("paused", cut.Find("[data-testid=forwarding-target-state]").TextContent), DashboardTestContext.LiveTimeout);
        Assert.False((bool)(await app.Api().GetFromJsonAsync<JsonArray>("/api/forwarding"))!.Single()!["enabled"]!);
        cut.Find("[data-testid=forwarding-delete]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=forwarding-empty]")), DashboardTestContext.LiveTimeout);
    }
}

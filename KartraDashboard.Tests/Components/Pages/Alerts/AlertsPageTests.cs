using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using KartraDashboard.Tests.Forwarding;
using AlertsPage = KartraDashboard.Components.Pages.Alerts.Alerts;

namespace KartraDashboard.Tests.Components.Pages.Alerts;

public class AlertsPageTests
{
    private static IElement Input(IRenderedComponent<AlertsPage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    [Fact]
    public async Task A_rule_added_is_listed_and_its_test_is_sent_and_logged()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<AlertsPage>("/alerts");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=alerts-empty]")), DashboardTestContext.LiveTimeout);

        Input(cut, "alerts-name").Input("Every sale");
        Input(cut, "alerts-actions").Input("buy_product");
        cut.Find("[data-testid=alerts-channel]").Change("slack");
        Input(cut, "alerts-address").Input(receiver.At("/slack/T000/B000/secret-token"));
        cut.Find("[data-testid=alerts-create]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Every sale", cut.Find("[data-testid=alerts-rule-name]").TextContent), DashboardTestContext.LiveTimeout);
        // The channel's URL may carry a token: the list shows its host only.
        Assert.DoesNotContain("secret-token", cut.Markup);
        var stored = (await app.Api().GetFromJsonAsync<JsonArray>("/api/alerts"))!.Single()!;
        Assert.Equal("buy_product", (string)stored["actions"]![0]!);

        cut.Find("[data-testid=alerts-test]").Click();
        await Receiver.Until(() => receiver.Received.Count == 1, "the test alert");
        Assert.Contains("Test alert", (string)JsonNode.Parse(receiver.Received.Single().Body)!["text"]!);
        await Receiver.Until(() => (string)app.Api().GetFromJsonAsync<JsonArray>($"/api/alerts/{(string)stored["id"]!}/deliveries").Result!.Single()!["status"]! == "delivered", "logged as delivered");
        cut.Find("[data-testid=alerts-refresh]").Click();
        cut.WaitForAssertion(() => Assert.Equal("delivered", cut.Find("[data-testid=delivery-status]").TextContent.Trim()), DashboardTestContext.LiveTimeout);
    }

    [Fact]
    public async Task A_rule_without_a_name_or_with_email_but_no_smtp_is_refused_with_a_reason()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<AlertsPage>("/alerts");
        // Loaded first: the render that shows the rules would otherwise replace the button being clicked.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=alerts-empty]")), DashboardTestContext.LiveTimeout);

        Input(cut, "alerts-address").Input("https://hooks.slack.com/services/x");
        cut.Find("[data-testid=alerts-create]").Click();
        cut.WaitForAssertion(() => Assert.Contains("'name'", cut.Find("[data-testid=alerts-form-error]").TextContent), DashboardTestContext.LiveTimeout);

        Input(cut, "alerts-name").Input("Mail me");
        cut.Find("[data-testid=alerts-channel]").Change("email");
        Input(cut, "alerts-address").Input("owner@example.com");
        cut.Find("[data-testid=alerts-create]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Alerts:Smtp:Host", cut.Find("[data-testid=alerts-form-error]").TextContent), DashboardTestContext.LiveTimeout);
        Assert.NotNull(cut.Find("[data-testid=alerts-empty]"));
    }
}

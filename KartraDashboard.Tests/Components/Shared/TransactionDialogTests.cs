using KartraDashboard.Tests.Money;
using LeadPage = KartraDashboard.Components.Pages.Lead.Lead;
using TransactionsPage = KartraDashboard.Components.Pages.Transactions.Transactions;

namespace KartraDashboard.Tests.Components.Shared;

public class TransactionDialogTests
{
    private static async Task PostAllAsync(TestApp app, params System.Text.Json.Nodes.JsonObject[] pings)
    {
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_sale_opened_from_the_transactions_page_shows_its_fields_its_refunds_its_subscription_and_the_over_refund()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            MoneyPings.Payment("1", 700, 55, 1, 30m, "2026-03-01 10:00:00"),
            MoneyPings.RefundOf("1", 701, 700, 20m, "2026-03-02 10:00:00", subscriptionId: 55, partial: true),
            MoneyPings.RefundOf("1", 702, 700, 15m, "2026-03-03 10:00:00", subscriptionId: 55, partial: true));
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TransactionsPage>("/transactions?type=sale");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='transaction-open']")));
        cut.Find("[data-testid='transaction-open']").Click();

        var dialog = ctx.Dialogs;
        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.FindAll("[data-testid='transaction-record']")));
        var fields = dialog.Find("[data-testid='transaction-record']").TextContent;
        Assert.Contains("transaction_subscription_pay_number", fields);
        Assert.Contains("payments_left", fields);
        var refunds = dialog.FindAll("[data-testid='transaction-refunds'] [data-testid='transaction-linked']").Select(r => r.TextContent).ToList();
        Assert.Equal(2, refunds.Count);
        Assert.Contains(refunds, r => r.Contains("701") && r.Contains("$20.00"));
        Assert.Contains("$30.00 paid, $35.00 refunded", dialog.Find("[data-testid='transaction-subscription']").TextContent);
        // 20.00 + 15.00 refunded of a 30.00 sale.
        dialog.Find("[data-testid='transaction-over-refunded']");
    }

    [Fact]
    public async Task A_refund_opened_from_the_lead_page_names_its_sale()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            TestPings.Sale("8", 800, 50m, "2026-03-01 10:00:00"),
            MoneyPings.RefundOf("8", 801, 800, 10m, "2026-03-02 10:00:00", partial: true));
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<LeadPage>("/leads/8", p => p.Add(x => x.LeadId, "8"));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='lead-transaction-open']").Count));
        cut.FindAll("[data-testid='lead-transaction-open']").Single(a => a.TextContent.Trim() == "801").Click();

        var dialog = ctx.Dialogs;
        dialog.WaitForAssertion(() => Assert.Contains("800", dialog.Find("[data-testid='transaction-sale']").TextContent));
        Assert.Contains("$50.00", dialog.Find("[data-testid='transaction-sale']").TextContent);
        Assert.Empty(dialog.FindAll("[data-testid='transaction-over-refunded']"));
        Assert.Empty(dialog.FindAll("[data-testid='transaction-subscription']"));
    }
}

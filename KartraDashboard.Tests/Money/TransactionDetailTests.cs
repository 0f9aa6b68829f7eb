using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static KartraDashboard.Tests.Money.MoneyPings;

namespace KartraDashboard.Tests.Money;

public class TransactionDetailTests
{
    private static async Task PostAllAsync(TestApp app, params JsonObject[] pings)
    {
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_sale_lists_its_refunds_a_refund_names_its_sale_and_refunds_beyond_the_sale_are_flagged()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            Payment("1", 500, 77, 1, 40m, "2026-03-01 10:00:00"),
            RefundOf("1", 501, 500, 15m, "2026-03-02 10:00:00", subscriptionId: 77, partial: true),
            TestPings.Sale("2", 600, 30m),
            RefundOf("2", 601, 600, 20m, "2026-03-12 10:00:00", partial: true),
            RefundOf("2", 602, 600, 15m, "2026-03-13 10:00:00", partial: true));
        // The same refund again is a duplicate: linked once.
        await PostAllAsync(app, RefundOf("2", 601, 600, 20m, "2026-03-12 10:00:00", partial: true));

        using var api = app.Api();
        var sale = (await api.GetFromJsonAsync<JsonObject>("/api/transactions/500"))!;
        var record = sale["records"]!.AsArray().Single()!;
        Assert.Equal("sale", (string?)record["type"]);
        // Every Kartra field by its own name, as sent.
        Assert.Equal("77", (string?)record["fields"]!["transaction_subscription_id"]);
        Assert.Equal("30", (string?)record["fields"]!["rebill_circle"]);
        Assert.Equal(["501"], sale["refunds"]!.AsArray().Select(r => (string)r!["transactionId"]!));
        Assert.Null(sale["sale"]);
        Assert.Equal("77", (string?)sale["subscription"]!["subscriptionId"]);
        Assert.Equal(15m, (decimal)sale["subscription"]!["refunded"]!);
        Assert.False((bool)sale["refundsExceedSale"]!);

        var refund = (await api.GetFromJsonAsync<JsonObject>("/api/transactions/601"))!;
        Assert.Equal("600", (string?)refund["sale"]!["transactionId"]);
        Assert.Empty(refund["refunds"]!.AsArray());
        Assert.Null(refund["subscription"]);
        // 20.00 + 15.00 refunded of a 30.00 sale.
        Assert.True((bool)refund["refundsExceedSale"]!);
        var overRefunded = (await api.GetFromJsonAsync<JsonObject>("/api/transactions/600"))!;
        Assert.True((bool)overRefunded["refundsExceedSale"]!);
        Assert.Equal(["601", "602"], overRefunded["refunds"]!.AsArray().Select(r => (string)r!["transactionId"]!).Order());

        using var missing = await api.GetAsync("/api/transactions/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("999", await missing.Content.ReadAsStringAsync());
        using var notAnId = await api.GetAsync("/api/transactions/abc");
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
    }
}

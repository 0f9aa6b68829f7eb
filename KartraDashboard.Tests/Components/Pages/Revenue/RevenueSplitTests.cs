using KartraDashboard.Tests.Money;
using RevenuePage = KartraDashboard.Components.Pages.Revenue.Revenue;

namespace KartraDashboard.Tests.Components.Pages.Revenue;

public class RevenueSplitTests
{
    private static string Text(IRenderedComponent<RevenuePage> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public async Task Shows_initial_payments_rebills_refund_rate_customers_and_average_order()
    {
        await using var app = new TestApp();
        foreach (var ping in new[]
        {
            MoneyPings.Payment("1", 1, 9, 1, 30.00m, "2026-03-01 10:00:00"),
            MoneyPings.Payment("1", 2, 9, 2, 30.00m, "2026-03-31 10:00:00"),
            TestPings.Sale("2", 3, 60.01m, "2026-03-10 10:00:00", product: "Ebook", productId: "8"),
            TestPings.Refund("2", 4, 60.01m, "2026-03-11 10:00:00", product: "Ebook", productId: "8"),
        })
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue").WhenLoaded();

        Assert.Equal("$90.01", Text(cut, "revenue-initial-amount"));
        Assert.StartsWith("2 first payments", Text(cut, "revenue-initial-count"));
        Assert.Equal("$30.00", Text(cut, "revenue-rebills-amount"));
        Assert.StartsWith("1 rebill ", Text(cut, "revenue-rebills-count"));
        Assert.Equal("33.3%", Text(cut, "revenue-refund-rate-value")); // 1 refund / 3 sales
        Assert.Equal("2", Text(cut, "revenue-customers-count"));
        Assert.Equal("$40.00", Text(cut, "revenue-average-order-amount")); // 120.01 / 3 = 40.0033...
        var coaching = cut.FindAll("[data-testid='revenue-by-product'] [data-testid='revenue-line']").Single(r => r.TextContent.Contains("Coaching"));
        Assert.Equal("$30.00", coaching.QuerySelector("[data-testid='revenue-line-rebills']")!.TextContent.Trim());
    }
}

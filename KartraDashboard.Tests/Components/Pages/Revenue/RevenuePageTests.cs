using RevenuePage = KartraDashboard.Components.Pages.Revenue.Revenue;

namespace KartraDashboard.Tests.Components.Pages.Revenue;

public class RevenuePageTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    private static async Task Post(TestApp app, System.Text.Json.Nodes.JsonObject ping)
    {
        using var response = await app.PostAsync(ping.ToJsonString());
        response.EnsureSuccessStatusCode();
    }

    private static string Text(IRenderedComponent<RevenuePage> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public async Task Shows_sales_refunds_net_tax_and_shipping_worked_out_from_the_pings()
    {
        await using var app = new TestApp();
        await Post(app, TestPings.Sale("1", 1001, 100.00m, "2026-03-10 10:00:00", tax: 8.00m, shipping: 5.00m));
        await Post(app, TestPings.Sale("2", 1002, 49.99m, "2026-03-10 11:00:00", tax: 4.00m, product: "Ebook", productId: "8", processor: "PayPal"));
        // Kartra's sign on refunds is not documented: a negative and a positive amount both take away.
        await Post(app, TestPings.Refund("1", 1003, -20.00m, "2026-03-11 09:00:00"));
        await Post(app, TestPings.Refund("2", 1004, 5.50m, "2026-03-12 09:00:00", partial: true, product: "Ebook", productId: "8", processor: "PayPal"));
        await Post(app, TestPings.From("cancel_subscription").Lead("1").Transaction(("transaction_id", 1005), ("transaction_date", "2026-03-12 10:00:00")));
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue").WhenLoaded();

        // 100.00 + 49.99 = 149.99 in sales; |-20.00| + 5.50 = 25.50 refunded; 149.99 - 25.50 = 124.49.
        Assert.Equal("$149.99", Text(cut, "revenue-sales-amount"));
        Assert.Equal("2 sales", Text(cut, "revenue-sales-count"));
        Assert.Equal("$25.50", Text(cut, "revenue-refunds-amount"));
        Assert.StartsWith("2 refunds", Text(cut, "revenue-refunds-count"));
        Assert.Equal("$124.49", Text(cut, "revenue-net-amount"));
        Assert.Equal("$12.00", Text(cut, "revenue-tax-amount"));
        Assert.Equal("$5.00", Text(cut, "revenue-shipping-amount"));
        Assert.Equal("1", Text(cut, "revenue-cancellations-count"));
        var cancellation = cut.Find("[data-testid='revenue-cancellation']");
        Assert.Contains("2026-03-12 10:00:00", cancellation.TextContent);
        Assert.EndsWith("/leads/1", cancellation.QuerySelector("a")!.GetAttribute("href"));
        Assert.EndsWith("/transactions?type=cancellation", cut.Find("[data-testid='revenue-cancellations-all']").GetAttribute("href"));

        var products = cut.Find("[data-testid='revenue-by-product']").TextContent;
        Assert.Contains("Course", products);
        Assert.Contains("$80.00", products); // 100.00 - 20.00
        Assert.Contains("$44.49", products); // 49.99 - 5.50
        var processors = cut.Find("[data-testid='revenue-by-processor']").TextContent;
        Assert.Contains("Stripe", processors);
        Assert.Contains("PayPal", processors);
        cut.Find("[data-testid='revenue-chart']");
        Assert.Empty(cut.FindAll("[data-testid='revenue-empty']"));

        using var api = app.Api();
        var figures = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync("/api/revenue"))!;
        Assert.Equal(124.49m, figures["net"]!.GetValue<decimal>());
        Assert.Equal(25.50m, figures["refunds"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Names_affiliates_and_jv_partners_by_their_role()
    {
        await using var app = new TestApp();
        await Post(app, TestPings.Sale("1", 2001, 30m).Transaction(("transaction_affiliate", "Alice Partner"), ("transaction_jv", "Bob Venture")));
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue").WhenLoaded();

        var table = cut.Find("[data-testid='revenue-by-affiliate']");
        Assert.Contains("Alice Partner", table.TextContent);
        Assert.Contains("Bob Venture", table.TextContent);
        var roles = table.QuerySelectorAll("[data-testid='revenue-role']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Affiliate", "JV"], roles.Order());
    }

    [Fact]
    public async Task A_date_range_in_the_address_narrows_the_figures()
    {
        await using var app = new TestApp();
        await Post(app, TestPings.Sale("1", 3001, 100m, "2026-03-10 12:00:00"));
        await Post(app, TestPings.Sale("2", 3002, 40m, "2026-04-02 12:00:00"));
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue?from=2026-04-01&to=2026-04-30").WhenLoaded();

        Assert.Equal("$40.00", Text(cut, "revenue-sales-amount"));
        Assert.Equal("1 sale", Text(cut, "revenue-sales-count"));
        Assert.Contains("2026-04-01 to 2026-04-30", Text(cut, "revenue-chart-range"));
    }

    [Fact]
    public async Task Caps_the_daily_chart_to_its_last_year_and_says_so()
    {
        await using var app = new TestApp();
        await Post(app, TestPings.Sale("1", 4001, 10m, "2024-01-05 12:00:00"));
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue?from=2020-01-01&to=2026-03-31").WhenLoaded();

        var caption = Text(cut, "revenue-chart-range");
        Assert.Contains("2025-03-31 to 2026-03-31", caption);
        Assert.Contains("last 366", caption);
        Assert.Equal("$10.00", Text(cut, "revenue-sales-amount"));
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Fills_days_without_activity_with_zero()
    {
        var chart = RevenuePage.DailyChart.Of(
            [new(new DateOnly(2026, 3, 1), 1, 10m, 0, 0m), new(new DateOnly(2026, 3, 4), 0, 0m, 1, 3m)],
            new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 20));

        Assert.Equal(5, chart.Days);
        Assert.Equal([10d, 0, 0, 0, 0], chart.Series[0].Data.Values);
        Assert.Equal([0d, 0, 0, 3, 0], chart.Series[1].Data.Values);
    }

    [Fact]
    public async Task A_sale_posted_after_the_page_opened_updates_the_figures()
    {
        await using var app = new TestApp();
        await Post(app, TestPings.Sale("1", 5001, 10m));
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<RevenuePage>("/revenue").WhenLoaded();
        Assert.Equal("$10.00", Text(cut, "revenue-sales-amount"));

        await Post(app, TestPings.Sale("2", 5002, 15.25m));

        cut.WaitForAssertion(() => Assert.Equal("$25.25", Text(cut, "revenue-sales-amount")), Live);
        Assert.Equal("2 sales", Text(cut, "revenue-sales-count"));
    }

    [Fact]
    public async Task Without_sales_it_says_where_to_start()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue").WhenLoaded();

        Assert.Contains("Paste the webhook URL into Kartra", Text(cut, "revenue-empty"));
        Assert.Equal("$0.00", Text(cut, "revenue-net-amount"));
    }

    [Fact]
    public async Task A_range_that_is_no_date_is_reported()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<RevenuePage>("/revenue?from=yesterday").WhenLoaded();

        Assert.Contains("'from' is not a date", Text(cut, "revenue-error"));
    }
}

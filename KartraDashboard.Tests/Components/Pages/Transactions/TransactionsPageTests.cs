using System.Text.Json.Nodes;
using TransactionsPage = KartraDashboard.Components.Pages.Transactions.Transactions;

namespace KartraDashboard.Tests.Components.Pages.Transactions;

public class TransactionsPageTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    private static async Task Post(TestApp app, JsonObject ping)
    {
        using var response = await app.PostAsync(ping.ToJsonString());
        response.EnsureSuccessStatusCode();
    }

    private static async Task PostSome(TestApp app)
    {
        await Post(app, TestPings.Sale("1", 1001, 100.00m, "2026-03-10 10:00:00").Lead("1", email: "ann@example.com"));
        await Post(app, TestPings.Sale("2", 1002, 49.99m, "2026-03-12 10:00:00", product: "Ebook", productId: "8", processor: "PayPal"));
        await Post(app, TestPings.Refund("1", 1003, -20.00m, "2026-03-14 09:00:00"));
    }

    private static List<string> Column(IRenderedComponent<TransactionsPage> cut, string testId) =>
        cut.FindAll($"[data-testid='{testId}']").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task Lists_transactions_newest_first_with_signed_amounts_and_a_link_to_the_lead()
    {
        await using var app = new TestApp();
        await PostSome(app);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TransactionsPage>("/transactions");

        cut.WaitForAssertion(() => Assert.Equal(["Refund", "Sale", "Sale"], Column(cut, "transaction-type")), Live);
        Assert.Equal(["-$20.00", "$49.99", "$100.00"], Column(cut, "transaction-amount"));
        Assert.Equal(["1003", "1002", "1001"], Column(cut, "transaction-id"));
        Assert.Equal(["Course", "Ebook", "Course"], Column(cut, "transaction-product"));
        Assert.Contains("America/New_York", cut.Find("[data-testid='transactions-table'] thead").TextContent);
        Assert.Equal("2026-03-10 10:00:00", Column(cut, "transaction-date")[2]);
        var lead = cut.FindAll("[data-testid='transaction-lead'] a")[2];
        Assert.Equal("/leads/1", lead.GetAttribute("href"));
        Assert.Equal("ann@example.com", lead.TextContent.Trim());
        Assert.Contains("3 transactions", cut.Find("[data-testid='transactions-total']").TextContent);
    }

    [Fact]
    public async Task Filters_in_the_address_narrow_the_rows_by_type_product_and_date()
    {
        await using var app = new TestApp();
        await PostSome(app);
        await using var ctx = new DashboardTestContext(app);

        var byType = ctx.RenderPage<TransactionsPage>("/transactions?type=refund");
        byType.WaitForAssertion(() => Assert.Equal(["1003"], Column(byType, "transaction-id")), Live);

        var byProduct = ctx.RenderPage<TransactionsPage>("/transactions?product=ebook");
        byProduct.WaitForAssertion(() => Assert.Equal(["1002"], Column(byProduct, "transaction-id")), Live);

        var byDate = ctx.RenderPage<TransactionsPage>("/transactions?from=2026-03-11&to=2026-03-13");
        byDate.WaitForAssertion(() => Assert.Equal(["1002"], Column(byDate, "transaction-id")), Live);
    }

    [Fact]
    public async Task Typing_a_product_puts_the_filter_in_the_address()
    {
        await using var app = new TestApp();
        await PostSome(app);
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<TransactionsPage>("/transactions?type=sale");
        cut.WaitForAssertion(() => Assert.Equal(["1002", "1001"], Column(cut, "transaction-id")), Live);

        cut.Find("input[data-testid='transactions-product']").Change("Ebook");

        cut.WaitForAssertion(() => Assert.Equal("/transactions?type=sale&product=Ebook", new Uri(ctx.Navigation.Uri).PathAndQuery), Live);
        cut.WaitForAssertion(() => Assert.Equal(["1002"], Column(cut, "transaction-id")), Live);
    }

    [Fact]
    public async Task Export_downloads_exactly_the_filtered_rows()
    {
        await using var app = new TestApp();
        await PostSome(app);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TransactionsPage>("/transactions?from=2026-03-01&to=2026-03-31&type=sale&product=Course");

        var export = cut.Find("[data-testid='transactions-export']");
        var href = export.GetAttribute("href")!;
        Assert.Equal("/api/transactions.csv?from=2026-03-01&to=2026-03-31&type=sale&product=Course", href);
        Assert.True(export.HasAttribute("download"));
        using var api = app.Api();
        var csv = await api.GetStringAsync(href);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length); // the header and sale 1001
        Assert.StartsWith("1001,", rows[1]);
    }

    [Fact]
    public async Task A_transaction_posted_after_the_page_opened_appears_when_it_matches_the_filter()
    {
        await using var app = new TestApp();
        await PostSome(app);
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<TransactionsPage>("/transactions?type=sale");
        cut.WaitForAssertion(() => Assert.Equal(["1002", "1001"], Column(cut, "transaction-id")), Live);

        await Post(app, TestPings.Refund("2", 1004, 5.50m, "2026-03-20 09:00:00", partial: true));
        await Post(app, TestPings.Sale("3", 1005, 12.00m, "2026-03-21 09:00:00"));

        cut.WaitForAssertion(() => Assert.Equal(["1005", "1002", "1001"], Column(cut, "transaction-id")), Live);
    }

    [Fact]
    public async Task Without_transactions_it_says_where_they_come_from()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TransactionsPage>("/transactions");

        cut.WaitForAssertion(() => Assert.Contains("No transactions yet", cut.Find("[data-testid='transactions-empty']").TextContent), Live);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_offers_to_clear_it()
    {
        await using var app = new TestApp();
        await PostSome(app);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TransactionsPage>("/transactions?type=cancellation");

        cut.WaitForAssertion(() => Assert.Contains("No transactions match these filters", cut.Find("[data-testid='transactions-empty']").TextContent), Live);
    }

    [Fact]
    public async Task An_unknown_type_is_reported()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TransactionsPage>("/transactions?type=gift");

        Assert.Contains("'type' must be one of", cut.Find("[data-testid='transactions-error']").TextContent);
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsvHelper;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class MoneyTests(BrowserFixture browser)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static string Dollars(decimal amount) => (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("N2", English);

    private static async Task PostAllAsync(TestApp app, params JsonObject[] pings)
    {
        foreach (var ping in pings) (await app.PostAsync(ping.ToJsonString())).EnsureSuccessStatusCode();
    }

    [BrowserFact]
    public async Task The_revenue_page_shows_the_figures_the_api_gives_and_follows_new_sales_live()
    {
        await using var app = new TestApp();
        var sale = TestPings.Sale("801", 9001, 1250.00m, tax: 100.00m, shipping: 15.50m, product: "Yoga Course", productId: "11");
        await PostAllAsync(app,
            sale, sale, // the second is a duplicate and never counts
            TestPings.Sale("802", 9002, 49.99m, product: "Ebook", productId: "12", processor: "PayPal"),
            TestPings.Sale("803", 9003, 300.00m, tax: 20.00m, product: "Yoga Course", productId: "11"),
            TestPings.Refund("803", 9004, -300.00m, product: "Yoga Course", productId: "11"),
            TestPings.Refund("801", 9005, 25.25m, partial: true, product: "Yoga Course", productId: "11"),
            TestPings.From("cancel_subscription").Lead("802").Transaction(("transaction_id", 9006), ("transaction_type", "cancellation")));

        using var api = app.Api();
        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(1599.99m, (decimal)revenue["sales"]!["amount"]!);
        Assert.Equal(325.25m, (decimal)revenue["refunds"]!["amount"]!);

        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/revenue");
        await ExpectFiguresAsync(revenue);

        var products = page.Locator("[data-testid=revenue-by-product] [data-testid=revenue-line]");
        var byProduct = revenue["byProduct"]!.AsArray();
        await Expect(products).ToHaveCountAsync(byProduct.Count);
        for (var i = 0; i < byProduct.Count; i++)
        {
            await Expect(products.Nth(i)).ToContainTextAsync((string)byProduct[i]!["name"]!);
            await Expect(products.Nth(i)).ToContainTextAsync(Dollars((decimal)byProduct[i]!["net"]!));
        }
        var processors = page.Locator("[data-testid=revenue-by-processor] [data-testid=revenue-line]");
        await Expect(processors).ToHaveCountAsync(revenue["byProcessor"]!.AsArray().Count);

        // A sale that arrives while the page is open shows without reload, again as the API has it.
        await PostAllAsync(app, TestPings.Sale("804", 9007, 10.01m, product: "Ebook", productId: "12"));
        var after = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(1610.00m, (decimal)after["sales"]!["amount"]!);
        await ExpectFiguresAsync(after);

        async Task ExpectFiguresAsync(JsonObject r)
        {
            await Expect(page.Locator("[data-testid=revenue-sales-amount]")).ToHaveTextAsync(Dollars((decimal)r["sales"]!["amount"]!));
            await Expect(page.Locator("[data-testid=revenue-sales-count]")).ToContainTextAsync($"{(long)r["sales"]!["count"]!} sales");
            await Expect(page.Locator("[data-testid=revenue-refunds-amount]")).ToHaveTextAsync(Dollars((decimal)r["refunds"]!["amount"]!));
            await Expect(page.Locator("[data-testid=revenue-refunds-count]")).ToContainTextAsync($"{(long)r["refunds"]!["count"]!} refunds");
            await Expect(page.Locator("[data-testid=revenue-net-amount]")).ToHaveTextAsync(Dollars((decimal)r["net"]!));
            await Expect(page.Locator("[data-testid=revenue-tax-amount]")).ToHaveTextAsync(Dollars((decimal)r["tax"]!));
            await Expect(page.Locator("[data-testid=revenue-shipping-amount]")).ToHaveTextAsync(Dollars((decimal)r["shipping"]!));
            await Expect(page.Locator("[data-testid=revenue-cancellations-count]")).ToHaveTextAsync(((long)r["cancellations"]!).ToString(English));
        }
    }

    [BrowserFact]
    public async Task Export_csv_downloads_the_filtered_rows()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            TestPings.Sale("901", 9101, 97.00m, product: "Yoga Course", productId: "21"),
            TestPings.Sale("902", 9102, 19.00m, product: "Ebook", productId: "22"),
            TestPings.Sale("903", 9103, 197.00m, date: "2026-03-12 09:30:00", product: "Yoga Course Pro", productId: "23"),
            TestPings.Refund("901", 9104, -97.00m, product: "Yoga Course", productId: "21"),
            TestPings.Sale("904", 9105, 5.00m, product: "=cmd|' /C calc'!A0", productId: "24"));

        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/transactions");
        await Expect(page.Locator("[data-testid=transaction-id]")).ToHaveCountAsync(5);

        // Narrow with the page's own controls: sales only, of products named like "yoga".
        await page.ChooseAsync(page.Locator(".mud-select", new() { Has = page.Locator("[data-testid=transactions-type]") }).First, "Sale");
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]type=sale(&|$)"));
        var product = page.Locator("input[data-testid=transactions-product]");
        await product.FillAsync("yoga");
        await product.PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]product=yoga(&|$)"));
        await Expect(page.Locator("[data-testid=transaction-id]")).ToHaveTextAsync(["9103", "9101"]);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=transactions-export]"));
        var file = await download.PathAsync();
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var rows = ReadCsv(await File.ReadAllBytesAsync(file));

        using var api = app.Api();
        var expected = (await api.GetFromJsonAsync<JsonObject>("/api/transactions?type=sale&product=yoga"))!;
        Assert.Equal(2, (int)expected["total"]!);
        var header = rows[0].ToList();
        string Cell(string[] row, string name) => row[header.IndexOf(name)];
        // Row order is the export's own (oldest first); compare the rows themselves.
        var data = rows.Skip(1).OrderBy(r => Cell(r, "transaction_id"), StringComparer.Ordinal).ToList();
        var items = expected["items"]!.AsArray().OrderBy(i => (string?)i!["transactionId"], StringComparer.Ordinal).ToList();
        Assert.Equal(items.Count, data.Count);
        Assert.Equal(items.Select(i => (string?)i!["transactionId"]), data.Select(r => Cell(r, "transaction_id")));
        Assert.Equal(items.Select(i => (string?)i!["productName"]), data.Select(r => Cell(r, "product_name")));
        Assert.Equal(items.Select(i => ((decimal)i!["amount"]!).ToString("0.00", CultureInfo.InvariantCulture)),
            data.Select(r => Cell(r, "transaction_full_amount")));
        Assert.Equal(items.Select(i => (string?)i!["leadId"]), data.Select(r => Cell(r, "lead_id")));
        Assert.All(data, r => Assert.Equal("buy_product", Cell(r, "action")));

        // The file is exactly what the API exports for the same filter.
        var direct = await api.GetByteArrayAsync("/api/transactions.csv?type=sale&product=yoga");
        Assert.Equal(direct, await File.ReadAllBytesAsync(file));
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "a byte order mark");
        using var reader = CsvReader.Create(new StringReader(Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length))), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
            rows.Add(cells);
        }
        return rows;
    }
}

using KartraDashboard.Tests.Money;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class TransactionDialogTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_sale_opened_from_the_transactions_page_shows_its_refund()
    {
        await using var app = new TestApp();
        foreach (var ping in new[]
        {
            TestPings.Sale("901", 9100, 80.00m, product: "Yoga Course", productId: "11"),
            MoneyPings.RefundOf("901", 9101, 9100, 30.00m, "2026-03-11 12:00:00", partial: true),
        })
            (await app.PostAsync(ping.ToJsonString())).EnsureSuccessStatusCode();

        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await page.GotoInteractiveAsync("/transactions?type=sale");
        await page.Locator("[data-testid=transaction-open]", new() { HasText = "9100" }).ClickAsync();

        var dialog = page.Locator("[data-testid=transaction-details]");
        await Expect(dialog).ToBeVisibleAsync();
        var refund = dialog.Locator("[data-testid=transaction-refunds] [data-testid=transaction-linked]");
        await Expect(refund).ToHaveCountAsync(1);
        await Expect(refund).ToContainTextAsync("9101");
        await Expect(refund).ToContainTextAsync("$30.00");
        await Expect(dialog.Locator("[data-testid=transaction-record]")).ToContainTextAsync("transaction_full_amount");
    }
}

using KartraDashboard.Tests.Forwarding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class ForwardingTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_target_created_in_the_page_shows_a_ping_in_its_delivery_log()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync(returnUrl: "/forwarding");
        await page.GotoInteractiveAsync("/forwarding");

        await page.Locator("input[data-testid=forwarding-url], [data-testid=forwarding-url] input").FillAsync(receiver.At("/browser"));
        await page.ClickAsync("[data-testid=forwarding-create]");
        await Expect(page.Locator("[data-testid=forwarding-secret]")).ToContainTextAsync("whsec_");
        await Expect(page.Locator("[data-testid=forwarding-target-url]")).ToHaveTextAsync(receiver.At("/browser"));
        await Expect(page.Locator("[data-testid=delivery-empty]")).ToBeVisibleAsync();

        using (await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString())) { }

        // The delivery shows as the ping is stored, live; once the receiver has it, a refresh shows its answer.
        await Expect(page.Locator("[data-testid=delivery-row]")).ToHaveCountAsync(1);
        await Receiver.Until(() => receiver.Received.Count == 1, "the delivery");
        for (var tries = 0; ; tries++)
        {
            await page.ClickAsync("[data-testid=forwarding-refresh]");
            try
            {
                await Expect(page.Locator("[data-testid=delivery-status]")).ToHaveTextAsync("delivered", new() { Timeout = 1000 });
                break;
            }
            catch (PlaywrightException) when (tries < 20) { }
        }
        await Expect(page.Locator("[data-testid=delivery-answer]")).ToContainTextAsync("answer 200");
    }
}

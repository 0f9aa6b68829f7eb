using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KartraDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class SignInTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_page_without_sign_in_sends_you_to_sign_in_and_signing_in_brings_you_back()
    {
        await using var app = new TestApp();
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/timeline");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2Ftimeline$"));
        await Expect(page.Locator("#password")).ToBeVisibleAsync();

        await page.FillAsync("#password", TestApp.Password);
        await page.ClickAsync("[data-testid=login-form] button[type=submit]");

        await Expect(page).ToHaveURLAsync(new Regex(@"/timeline$"));
        await Expect(page.Locator("[data-testid=timeline-total]")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_wrong_password_shows_the_error_and_keeps_the_page_asked_for()
    {
        await using var app = new TestApp();
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/leads");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2Fleads$"));
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("[data-testid=login-form] button[type=submit]");

        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?error=1&returnUrl=%2Fleads$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That password is not right");

        await page.FillAsync("#password", TestApp.Password);
        await page.ClickAsync("[data-testid=login-form] button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex(@"/leads$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task A_password_change_ends_an_open_page_and_sends_it_to_sign_in()
    {
        await using var app = new TestApp(new() { ["Dashboard:AdminPassword"] = "" });
        var secrets = app.Service<KartraDashboard.Auth.Secrets>();
        await secrets.SetPasswordAsync("first password 123");
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync("first password 123", "/timeline");
        await page.GotoInteractiveAsync("/timeline");

        await secrets.SetPasswordAsync("second password 456");

        await Expect(page).ToHaveURLAsync(new Regex(@"/login"));
    }
}

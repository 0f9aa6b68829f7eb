using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KartraDashboard.Tests.Browser;

/// <summary>Steps every browser test needs: signing in, and opening a page once its server circuit is live.</summary>
public static class DashboardPage
{
    /// <summary>Signs in through the sign-in form and waits until the browser has left /login.</summary>
    public static async Task SignInAsync(this IPage page, string password = TestApp.Password, string returnUrl = "/")
    {
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-form] button[type=submit]");
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
    }

    /// <summary>
    /// Opens a page and waits until it is interactive. Pages are prerendered, so their content
    /// shows before the server circuit is up; until it is, the layout marks itself pending and
    /// keeps its controls disabled, and says live once the circuit's first render is in the page.
    /// </summary>
    public static async Task GotoInteractiveAsync(this IPage page, string url)
    {
        var problems = new ConcurrentQueue<string>();
        void OnResponse(object? sender, IResponse response)
        {
            if (response.Status >= 400) problems.Enqueue($"{response.Status} {response.Url}");
        }
        void OnConsole(object? sender, IConsoleMessage message)
        {
            if (message.Type == "error") problems.Enqueue("console: " + message.Text);
        }

        page.Response += OnResponse;
        page.Console += OnConsole;
        try
        {
            await page.GotoAsync(url);
            try
            {
                await page.Locator("[data-circuit=live]").WaitForAsync(new() { Timeout = (float)BrowserFixture.Timeout.TotalMilliseconds });
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(
                    $"{url} did not become interactive within {BrowserFixture.Timeout.TotalSeconds} s (now at {page.Url}). " +
                    string.Join("; ", problems));
            }
        }
        finally
        {
            page.Response -= OnResponse;
            page.Console -= OnConsole;
        }
    }

    /// <summary>Picks an item of a MudBlazor select.</summary>
    public static async Task ChooseAsync(this IPage page, ILocator select, string item)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex("^" + Regex.Escape(item) + "$") }).ClickAsync();
    }
}

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
        using var problems = new PageProblems(page);
        await page.GotoAsync(url);
        try
        {
            await page.Locator("[data-circuit=live]").WaitForAsync(new() { Timeout = (float)BrowserFixture.Timeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{url} did not become interactive within {BrowserFixture.Timeout.TotalSeconds} s (now at {page.Url}). " + problems);
        }
    }

    /// <summary>Picks an item of a MudBlazor select.</summary>
    public static async Task ChooseAsync(this IPage page, ILocator select, string item)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex("^" + Regex.Escape(item) + "$") }).ClickAsync();
    }
}

/// <summary>Answers over 400 and console errors while a page opens: what to say when it never becomes usable.</summary>
internal sealed class PageProblems : IDisposable
{
    private readonly IPage _page;
    private readonly ConcurrentQueue<string> _seen = new();

    public PageProblems(IPage page)
    {
        _page = page;
        page.Response += OnResponse;
        page.Console += OnConsole;
    }

    private void OnResponse(object? sender, IResponse response)
    {
        if (response.Status >= 400) _seen.Enqueue($"{response.Status} {response.Url}");
    }

    private void OnConsole(object? sender, IConsoleMessage message)
    {
        if (message.Type == "error") _seen.Enqueue("console: " + message.Text);
    }

    public override string ToString() => string.Join("; ", _seen);

    public void Dispose()
    {
        _page.Response -= OnResponse;
        _page.Console -= OnConsole;
    }
}

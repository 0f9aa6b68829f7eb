using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KartraDashboard.Tests.Browser;

/// <summary>Steps every browser test needs: signing in, and opening a page once its server circuit is live.</summary>
public static class DashboardPage
{
    private static readonly byte[] RenderCompleted = Encoding.UTF8.GetBytes("OnRenderCompleted");

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
    /// shows before the server circuit is up and clicks would go nowhere; the page is live once
    /// the browser has applied the circuit's first render and told the server so
    /// (OnRenderCompleted on the circuit's WebSocket).
    /// </summary>
    public static async Task GotoInteractiveAsync(this IPage page, string url)
    {
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var problems = new ConcurrentQueue<string>();

        void OnFrameSent(object? sender, IWebSocketFrame frame)
        {
            var done = frame.Binary is { } bytes
                ? bytes.AsSpan().IndexOf(RenderCompleted) >= 0
                : frame.Text?.Contains("OnRenderCompleted", StringComparison.Ordinal) == true;
            if (done) live.TrySetResult();
        }
        void OnWebSocket(object? sender, IWebSocket socket)
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal)) socket.FrameSent += OnFrameSent;
        }
        void OnResponse(object? sender, IResponse response)
        {
            if (response.Status >= 400) problems.Enqueue($"{response.Status} {response.Url}");
        }
        void OnConsole(object? sender, IConsoleMessage message)
        {
            if (message.Type == "error") problems.Enqueue("console: " + message.Text);
        }

        page.WebSocket += OnWebSocket;
        page.Response += OnResponse;
        page.Console += OnConsole;
        try
        {
            await page.GotoAsync(url);
            try
            {
                await live.Task.WaitAsync(BrowserFixture.Timeout);
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
            page.WebSocket -= OnWebSocket;
            page.Response -= OnResponse;
            page.Console -= OnConsole;
        }
    }

    /// <summary>
    /// Picks an item of a MudBlazor select. Its popover is wired up by script after the first
    /// render, so a click that comes before that opens nothing; the click is repeated until the list shows.
    /// </summary>
    public static async Task ChooseAsync(this IPage page, ILocator select, string item)
    {
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex("^" + Regex.Escape(item) + "$") });
        await OpenAsync(select, option);
        await option.ClickAsync();
    }

    /// <summary>
    /// Clicks what opens a panel or list until the part wanted shows. A click that lands while the
    /// page's live connection is still settling can go unheard, as a person would click again.
    /// </summary>
    public static async Task OpenAsync(ILocator opener, ILocator wanted)
    {
        var deadline = DateTime.UtcNow + BrowserFixture.Timeout;
        while (true)
        {
            await opener.ClickAsync();
            try
            {
                await wanted.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 3_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Not open yet (or a second click closed it again): click once more.
            }
        }
    }
}

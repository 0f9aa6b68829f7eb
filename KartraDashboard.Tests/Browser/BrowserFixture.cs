using Microsoft.Playwright;

namespace KartraDashboard.Tests.Browser;

/// <summary>
/// The browser tests run one at a time (two cores are shared with the rest of the suite) and
/// share one Chromium; each test gets its own context (cookies, colour scheme, viewport) and
/// its own <see cref="TestApp"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// Debian's Chromium driven by the Playwright driver that ships in the NuGet package (its
/// node binary and package are copied next to the test assembly by the package's build
/// targets). Playwright never downloads a browser here. Chromium is launched on first use,
/// so a run where every browser test is skipped never starts one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserFixture() => Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Under CI a missing browser is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool BrowserExists => File.Exists(ExecutablePath);

    public async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            if (!BrowserExists)
                throw new InvalidOperationException(
                    $"No Chromium at {ExecutablePath}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.");
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
                Timeout = (float)Timeout.TotalMilliseconds,
            });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh context pointed at <paramref name="app"/>: no cookies, the given colour scheme and viewport.</summary>
    public async Task<IBrowserContext> NewContextAsync(TestApp app, ColorScheme colorScheme = ColorScheme.Light, int width = 1366, int height = 900)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-US",
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        return context;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _gate.Dispose();
    }
}

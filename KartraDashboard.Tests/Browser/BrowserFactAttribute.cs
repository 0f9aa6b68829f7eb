namespace KartraDashboard.Tests.Browser;

/// <summary>
/// A test that needs Chromium: skipped, with the reason, when no Chromium is found; except
/// under <c>CI=true</c>, where the test runs and fails with the launch error instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserFixture.BrowserExists && !BrowserFixture.IsCi)
            Skip = $"No Chromium at {BrowserFixture.ExecutablePath}: install Debian's chromium or set CHROMIUM_PATH.";
    }
}

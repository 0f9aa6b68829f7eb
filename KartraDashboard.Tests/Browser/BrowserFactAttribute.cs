namespace KartraDashboard.Tests.Browser;

/// <summary>
/// A test that needs Chromium: skipped, with the reason, when no Chromium is found; except
/// under <c>CI=true</c>, where the test runs and fails with the launch error instead.
/// </summary>
public class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserFixture.BrowserExists && !BrowserFixture.IsCi)
            Skip = $"No Chromium at {BrowserFixture.ExecutablePath}: install Debian's chromium or set CHROMIUM_PATH.";
    }
}

/// <summary>
/// The screenshot generator: a browser test that runs only when <c>KARTRA_SCREENSHOTS</c> names
/// the folder to write to, and is otherwise skipped with that reason.
/// </summary>
public sealed class ScreenshotFactAttribute : BrowserFactAttribute
{
    public const string Variable = "KARTRA_SCREENSHOTS";

    public static string? Folder => Environment.GetEnvironmentVariable(Variable) is { } folder && !string.IsNullOrWhiteSpace(folder) ? folder : null;

    public ScreenshotFactAttribute()
    {
        if (Folder is null)
            Skip = $"Generates docs/screenshots; set {Variable} to the folder to write them to.";
    }
}

/// <summary>
/// The page timer: a browser test that runs only when <c>KARTRA_PAGE_TIMES_DB</c> names a database
/// to time the pages over, and is otherwise skipped with that reason.
/// </summary>
public sealed class PageTimesFactAttribute : BrowserFactAttribute
{
    public const string Variable = "KARTRA_PAGE_TIMES_DB";
    public const string OutVariable = "KARTRA_PAGE_TIMES_OUT";

    public static string? Database => Environment.GetEnvironmentVariable(Variable) is { } path && !string.IsNullOrWhiteSpace(path) ? path : null;

    public PageTimesFactAttribute()
    {
        if (Database is null)
            Skip = $"Times every page in a browser over a large database; set {Variable} to its file (bench --keep leaves one).";
    }
}

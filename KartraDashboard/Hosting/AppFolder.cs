namespace KartraDashboard.Hosting;

/// <summary>Where the app's own files are found, whatever folder it is started from.</summary>
public static class AppFolder
{
    public const string Settings = "appsettings.json";

    /// <summary>
    /// The content root (where appsettings.json is read from): the working directory when it
    /// holds the settings file (as with <c>dotnet run</c> in the project folder), else the app's
    /// own folder, so a service started from / or a script started from elsewhere still reads its
    /// settings. Null keeps the framework's choice, also when one is given explicitly.
    /// </summary>
    public static string? ContentRoot(string[] args, string workingDirectory, string appDirectory)
    {
        if (args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null)
            return null;
        if (File.Exists(Path.Combine(workingDirectory, Settings))) return null;
        return File.Exists(Path.Combine(appDirectory, Settings)) ? appDirectory : null;
    }

    /// <summary>
    /// Whether the build output's static web assets manifest is beside the app: then the
    /// framework's and MudBlazor's scripts and styles are served from the build (the README's
    /// <c>dotnet run</c>); a published folder has none and serves its own wwwroot.
    /// </summary>
    public static bool HasStaticWebAssetsManifest(string applicationName) =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, applicationName + ".staticwebassets.runtime.json"));
}

using KartraDashboard.Api;
using KartraDashboard.Auth;
using KartraDashboard.Bench;
using KartraDashboard.Components;
using KartraDashboard.Export;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Live;
using KartraDashboard.Simulation;
using KartraDashboard.Storage;
using KartraDashboard.Subjects;
using Microsoft.Extensions.Options;

if (args is ["simulate", .. var simulateArgs])
    return await SimulateCommand.RunAsync(simulateArgs, Console.Out, CancellationToken.None);
if (args is ["bench", .. var benchArgs])
    return await BenchCommand.RunAsync(benchArgs, Console.Out, CancellationToken.None);
if (args is ["train-dictionary", .. var dictionaryArgs])
    return await DictionaryCommand.RunAsync(dictionaryArgs, Console.Out);

var app = BuildApp(args);

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is DatabaseUnavailableException or OptionsValidationException)
{
    Console.Error.WriteLine($"KartraDashboard cannot start: {e.Message}");
    return 1;
}

public partial class Program
{
    /// <summary>
    /// The dashboard as it is served; the bench starts the same host in-process.
    /// <paramref name="configure"/> runs last, before the host is built.
    /// </summary>
    public static WebApplication BuildApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // How it starts: every setting is checked first, and a bad one stops the start naming its key.
        // Then the hosted services start in the order registered below: the store's writer (AddStorage),
        // the live broadcaster (AddLive), the secrets and the banner (AddStartup, last so the writer
        // already runs). The server takes requests only after all of them; the banner prints once it
        // listens. They stop in reverse, so the writer, among the first, finishes its writes last.
        var demo = DemoMode.Take(ref args);
        var builder = WebApplication.CreateBuilder(args);
        builder.AddHosting();
        if (demo) builder.AddDemo();
        builder.Services.AddStorage();
        builder.Services.AddAuth();
        builder.Services.AddIngestion();
        builder.Services.AddLive();
        builder.Services.AddApi();
        builder.Services.AddSubjects();
        builder.Services.AddPages();
        builder.Services.AddStartup();

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseHosting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapIngestion();
        app.MapAuth();
        app.MapApi().MapExport();
        app.MapSubjects().MapSubjectExports();
        app.MapLive();
        app.MapStaticAssets();
        app.MapPages();
        return app;
    }
}

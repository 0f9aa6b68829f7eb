using KartraDashboard.Api;
using KartraDashboard.Auth;
using KartraDashboard.Bench;
using KartraDashboard.Components;
using KartraDashboard.Export;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Live;
using KartraDashboard.Money;
using KartraDashboard.Outbox;
using KartraDashboard.Ownership;
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
if (args is ["restore", .. var restoreArgs])
    return RestoreCommand.Run(restoreArgs, Console.Out, Console.Error);

var app = BuildApp(args);

try
{
    // Settings and the database file are checked before the host starts, so a start that cannot
    // work prints the one line below instead of the host's own error with its stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
    app.Services.GetRequiredService<Database>();
    await app.RunAsync();
    // Non-zero when the store stopped the dashboard (a corrupt file), so a supervisor sees a failure.
    return Environment.ExitCode;
}
catch (Exception e) when (e is DatabaseUnavailableException or OptionsValidationException
                           || (e is AggregateException all && all.InnerExceptions.All(i => i is OptionsValidationException)))
{
    var message = e is AggregateException many ? string.Join("; ", many.InnerExceptions.Select(i => i.Message)) : e.Message;
    Console.Error.WriteLine($"KartraDashboard cannot start: {message}");
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
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppFolder.ContentRoot(args, Environment.CurrentDirectory, AppContext.BaseDirectory),
        });
        builder.AddHosting();
        if (demo) builder.AddDemo();
        builder.Services.AddStorage();
        builder.Services.AddAuth();
        builder.Services.AddIngestion();
        builder.Services.AddLive();
        builder.Services.AddOutbox();
        builder.Services.AddApi();
        builder.Services.AddOwnership();
        builder.Services.AddMoney();
        builder.Services.AddSubjects();
        builder.Services.AddPages();
        builder.Services.AddStartup();

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseHosting();
        app.UseStoreErrors();
        app.UseAuthentication();
        app.UseSameOriginPosts();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseSignInLimits();

        app.MapIngestion();
        app.MapAuth();
        app.MapApi().MapExport().MapOwnership();
        app.MapMoney();
        app.MapSubjects().MapSubjectExports();
        app.MapLive();
        app.MapOutbox();
        app.MapStaticAssets();
        app.MapPages();
        return app;
    }
}

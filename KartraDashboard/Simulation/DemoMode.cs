using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Auth;

namespace KartraDashboard.Simulation;

/// <summary>
/// <c>--demo</c>: the dashboard on a database of its own, fed by the simulator through the real
/// webhook at a gentle pace, so a newcomer sees it come alive without a Kartra account.
/// </summary>
public static class DemoMode
{
    public const string Flag = "--demo";
    public const string DatabasePath = "data/demo.db";
    private const double PingsPerSecond = 2;

    /// <summary>Takes the flag out of the arguments; true when it was there.</summary>
    public static bool Take(ref string[] args)
    {
        var found = args.Contains(Flag);
        args = args.Where(a => a != Flag).ToArray();
        return found;
    }

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        // Never the real database, whatever the configuration says.
        builder.Configuration["Storage:DatabasePath"] = builder.Configuration["Storage:DemoDatabasePath"] ?? DatabasePath;
        builder.Services.AddHostedService<DemoSender>();
        return builder;
    }

    private sealed class DemoSender(PublicUrls urls, Secrets secrets, ZoneSettings zones, IHostApplicationLifetime lifetime, ILogger<DemoSender> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            // The listening address is known only once the server has started.
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);

            // Posts go to this process directly, even when a public address is configured.
            var kartraNow = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zones.Kartra);
            var settings = new SimulationSettings
            {
                WebhookUrl = new Uri(IngestionEndpoints.WebhookUrl(urls.Local, secrets.WebhookToken)),
                Rate = PingsPerSecond,
                Concurrency = 2,
                Seed = Environment.TickCount,
                Start = kartraNow,
                MeanGap = TimeSpan.FromSeconds(1 / PingsPerSecond),
                RequestTimeout = TimeSpan.FromSeconds(5),
            };
            log.LogInformation("Demo mode: the simulator posts {Rate} pings per second to this dashboard's own webhook", PingsPerSecond);
            try
            {
                await new Simulator().RunAsync(settings, progress: null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        }
    }
}

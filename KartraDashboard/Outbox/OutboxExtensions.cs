using KartraDashboard.Alerts;
using KartraDashboard.Forwarding;
using KartraDashboard.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace KartraDashboard.Outbox;

public static class OutboxExtensions
{
    /// <summary>How long one call to a target or channel may take.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Forwarding and alerts: the outbox's reads, the sender and the watchdog (registered after the
    /// store's writer, so they stop before it and what they were doing gets written), and one HTTP
    /// pipeline with a timeout and a circuit breaker per destination and no retries of its own:
    /// retries live in the outbox, where a crash cannot lose them.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        services.AddSingleton<OutboxReads>();
        services.AddSingleton<AlertChannels>();
        services.AddSingleton<AlertMessages>();
        services.AddHttpClient(OutboxSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = CallTimeout })
            .AddResilienceHandler("outbox", pipeline =>
            {
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 1.0,
                    MinimumThroughput = 5,
                    SamplingDuration = TimeSpan.FromMinutes(2),
                    BreakDuration = TimeSpan.FromSeconds(30),
                });
                pipeline.AddTimeout(CallTimeout);
            })
            .SelectPipelineBy(_ => request => request.Options.TryGetValue(OutboxSender.DestinationOption, out var to) ? to : "");
        // Outbound calls are logged by the sender with the host only: a target's URL may carry a token,
        // and a dead target's timeouts are the sender's to tell, once per attempt.
        services.AddLogging(l => l.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning).AddFilter("Polly", LogLevel.None));
        services.AddHostedService<OutboxSender>();
        services.AddHostedService<AlertWatch>();
        return services;
    }

    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app) => app.MapForwarding().MapAlerts();
}

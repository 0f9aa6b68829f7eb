using KartraDashboard.Auth;

namespace KartraDashboard.Hosting;

/// <summary>
/// Reads the webhook token and the admin password from the database, or makes them on the first
/// start. A hosted service so it runs before the server takes a request that needs them.
/// </summary>
public sealed class SecretsInitializer(Secrets secrets) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => secrets.InitializeAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

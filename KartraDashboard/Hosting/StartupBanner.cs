using KartraDashboard.Auth;

namespace KartraDashboard.Hosting;

/// <summary>
/// Prints where the dashboard is and the webhook URL to paste into Kartra, once the server
/// listens (before then its address is not known). The only place a secret is ever shown.
/// </summary>
public sealed class StartupBanner(PublicUrls urls, Secrets secrets, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Write(Console.Out));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("  KartraDashboard is running.");
        output.WriteLine($"  Dashboard:   {urls.DashboardUrl}/");
        output.WriteLine($"  Webhook URL: {urls.WebhookUrl}");
        output.WriteLine("               (paste it into Kartra: My Integrations > My API > Outbound API)");
        if (secrets.GeneratedPassword is { } password)
        {
            output.WriteLine($"  Sign in as 'admin' with the password {password}");
            output.WriteLine("               (shown this once; change it in Settings, or set Dashboard:AdminPassword)");
        }
        if (!urls.PublicUrlSet)
            output.WriteLine("  Kartra needs a public https address: set Dashboard:PublicUrl behind a reverse proxy.");
        output.WriteLine();
    }
}

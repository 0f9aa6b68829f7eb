using KartraDashboard.Auth;
using KartraDashboard.Ingestion;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Hosting;

/// <summary>
/// Makes the secrets ready before the server takes requests, then prints where the dashboard
/// is and the webhook URL to paste into Kartra. The only place a secret is ever shown.
/// </summary>
public sealed class StartupBanner(Secrets secrets, IServer server, IHostApplicationLifetime lifetime, IOptions<DashboardOptions> options, TextWriter? output = null)
    : IHostedService
{
    private readonly TextWriter _out = output ?? Console.Out;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await secrets.InitializeAsync();
        lifetime.ApplicationStarted.Register(Print);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The address Kartra and people reach: Dashboard:PublicUrl, else the first address listened on.</summary>
    public static string BaseUrl(string? publicUrl, IEnumerable<string> listening)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl)) return publicUrl.TrimEnd('/');
        var first = listening.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault() ?? "http://localhost:5000";
        return first.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost").TrimEnd('/');
    }

    public string DashboardUrl => BaseUrl(options.Value.PublicUrl, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    public string WebhookUrl => IngestionEndpoints.WebhookUrl(DashboardUrl, secrets.WebhookToken);

    /// <summary>
    /// The webhook URL as pages show it: the token's first characters only. The banner is the one
    /// place the whole token is shown; pages copy it to the clipboard without displaying it.
    /// </summary>
    public string MaskedWebhookUrl => IngestionEndpoints.WebhookUrl(DashboardUrl, secrets.WebhookToken[..4] + "••••••••");

    private void Print()
    {
        _out.WriteLine();
        _out.WriteLine("  KartraDashboard is running.");
        _out.WriteLine($"  Dashboard:   {DashboardUrl}/");
        _out.WriteLine($"  Webhook URL: {WebhookUrl}");
        _out.WriteLine("               (paste it into Kartra: My Integrations > My API > Outbound API)");
        if (secrets.GeneratedPassword is { } password)
        {
            _out.WriteLine($"  Sign in as 'admin' with the password {password}");
            _out.WriteLine("               (shown this once; change it in Settings, or set Dashboard:AdminPassword)");
        }
        if (string.IsNullOrWhiteSpace(options.Value.PublicUrl))
            _out.WriteLine("  Kartra needs a public https address: set Dashboard:PublicUrl behind a reverse proxy.");
        _out.WriteLine();
    }
}

using KartraDashboard.Auth;
using KartraDashboard.Ingestion;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Hosting;

/// <summary>
/// The addresses the dashboard is reached at. Read when asked, not at start: the listening address
/// is known only once the server listens, and the webhook token changes when it is rotated.
/// </summary>
public sealed class PublicUrls(Secrets secrets, IServer server, IOptions<DashboardOptions> options)
{
    private const string Fallback = "http://localhost:5000";

    /// <summary>This process's own address: the first one listened on, http before https.</summary>
    public string Local
    {
        get
        {
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var first = listening.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault() ?? Fallback;
            // A wildcard address is one to listen on, not one to visit.
            return first.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost").TrimEnd('/');
        }
    }

    public bool PublicUrlSet => !string.IsNullOrWhiteSpace(options.Value.PublicUrl);

    /// <summary>The address Kartra and people reach: Dashboard:PublicUrl, else <see cref="Local"/>.</summary>
    public string DashboardUrl => PublicUrlSet ? options.Value.PublicUrl!.TrimEnd('/') : Local;

    public string WebhookUrl => IngestionEndpoints.WebhookUrl(DashboardUrl, secrets.WebhookToken);

    /// <summary>
    /// The webhook URL as pages show it: the token's first characters only. The banner is the one
    /// place the whole token is shown; pages copy it to the clipboard without displaying it.
    /// </summary>
    public string MaskedWebhookUrl => IngestionEndpoints.WebhookUrl(DashboardUrl, secrets.WebhookToken[..4] + "••••••••");
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KartraDashboard.Bench;

/// <summary>
/// The HTTP ceiling: Kestrel alone on loopback, reading each POST's body and answering 200,
/// with nothing of the dashboard behind it (no parsing, no storage, no auth, no logging).
/// </summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app) => _app = app;

    public Uri WebhookUrl { get; private set; } = null!;

    public static async Task<BareKestrel> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        app.MapPost("/webhooks/kartra/{token}", async context =>
        {
            // Read the whole body, as the webhook does, then answer.
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareKestrel(app) { WebhookUrl = new Uri(address.TrimEnd('/') + "/webhooks/kartra/bench") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

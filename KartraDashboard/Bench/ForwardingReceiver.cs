using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KartraDashboard.Bench;

/// <summary>
/// A forwarding target for the bench: Kestrel alone on loopback, answering every delivery 200 at
/// once, or never answering at all (each call then waits out the sender's timeout).
/// </summary>
internal sealed class ForwardingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;

    private ForwardingReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public long Received => Interlocked.Read(ref _received);

    public static async Task<ForwardingReceiver> StartAsync(bool answers)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new ForwardingReceiver(app);
        app.UseRouting();
        app.MapPost("/forwarded", async context =>
        {
            Interlocked.Increment(ref receiver._received);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (!answers) await Task.Delay(Timeout.Infinite, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/forwarded");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await _app.StopAsync(stop.Token); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}

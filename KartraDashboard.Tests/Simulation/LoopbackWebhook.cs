using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KartraDashboard.Tests.Simulation;

/// <summary>A tiny real HTTP server on a loopback port that answers every webhook POST with one status.</summary>
public sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(string? ContentType, byte[] Body)> Received { get; } = new();
    public Uri Url { get; private set; } = null!;

    private LoopbackWebhook(WebApplication app) => _app = app;

    /// <param name="beforeAnswer">Awaited with each body once it is recorded, before its answer goes out.</param>
    public static async Task<LoopbackWebhook> StartAsync(int status = StatusCodes.Status200OK, string answer = """{"id":"1","duplicate":false}""",
        TimeSpan delay = default, Func<byte[], Task>? beforeAnswer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var webhook = new LoopbackWebhook(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.MapPost("/webhooks/kartra/{token}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            webhook.Received.Enqueue((context.Request.ContentType, body));
            if (beforeAnswer is not null) await beforeAnswer(body);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, context.RequestAborted);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        webhook.Url = new Uri($"{address}/webhooks/kartra/test-token-123");
        return webhook;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

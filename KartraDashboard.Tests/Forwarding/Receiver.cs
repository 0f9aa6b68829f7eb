using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KartraDashboard.Tests.Forwarding;

/// <summary>
/// A real HTTP server on a loopback port that takes deliveries: it keeps every request (headers
/// and body as they came) and answers with the statuses it is told, in turn, then with
/// <see cref="Status"/>; while <see cref="Hold"/> is set, it keeps each request open until released.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Request(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answered);

    public ConcurrentQueue<Request> Received { get; } = new();
    /// <summary>Statuses answered in turn before <see cref="Status"/>.</summary>
    public ConcurrentQueue<int> Next { get; } = new();
    public int Status { get; set; } = 200;
    /// <summary>When set, every request waits for it before it is answered.</summary>
    public TaskCompletionSource? Hold { get; set; }
    /// <summary>Requests that came and are not answered yet.</summary>
    public int Open => _open;
    private int _open;

    public Uri Url { get; private set; } = null!;

    private Receiver(WebApplication app) => _app = app;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._open);
            try
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer);
                if (receiver.Hold is { } hold) await hold.Task.WaitAsync(context.RequestAborted);
                var status = receiver.Next.TryDequeue(out var s) ? s : receiver.Status;
                receiver.Received.Enqueue(new Request(context.Request.Path, context.Request.ContentType,
                    context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), buffer.ToArray(), status));
                context.Response.StatusCode = status;
                await context.Response.WriteAsync($"answer {status}");
            }
            finally { Interlocked.Decrement(ref receiver._open); }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address);
        return receiver;
    }

    public string At(string path) => new Uri(Url, path).ToString();

    /// <summary>Waits (at most a minute) until the condition holds.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Waited a minute for: " + what);
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.DisposeAsync();
    }
}

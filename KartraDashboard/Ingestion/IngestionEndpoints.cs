using KartraDashboard.Auth;
using KartraDashboard.Hosting;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KartraDashboard.Ingestion;

/// <summary>The URL Kartra posts to: check the token, the size and the content, store, answer.</summary>
public static class IngestionEndpoints
{
    public const string RoutePrefix = "/webhooks/kartra";
    public const int MaxBodyBytes = 1024 * 1024;

    public static string WebhookUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}{RoutePrefix}/{token}";

    public static IServiceCollection AddIngestion(this IServiceCollection services) =>
        services.AddSingleton(sp => new PingParser(sp.GetRequiredService<ZoneSettings>().Kartra))
            .AddSingleton<QuarantineReprocessor>();

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app)
    {
        app.MapPost(RoutePrefix + "/{token}", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("KartraWebhook")
            .WithSummary("Receives one Kartra outbound API ping.");
        return app;
    }

    public sealed record Ack(string Id, string Action, bool Duplicate);

    private static async Task<Results<Ok<Ack>, NotFound, ProblemHttpResult>> ReceiveAsync(
        string token, HttpRequest request, Secrets secrets, PingParser parser, StoreWriter writer, ILoggerFactory logs)
    {
        if (!secrets.IsWebhookToken(token)) return TypedResults.NotFound();

        var body = await ReadLimitedAsync(request);
        if (body is null)
            return TypedResults.Problem($"The body is larger than {MaxBodyBytes / 1024} KiB; Kartra pings are far smaller.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

        var contentType = request.ContentType;
        var incoming = new IncomingPing(body, contentType, request.HttpContext.Connection.RemoteIpAddress?.ToString(), parser.Parse(body));
        WriteResult result;
        try
        {
            result = await writer.StoreAsync(incoming);
        }
        catch (StoreClosedException)
        {
            return TypedResults.Problem("The dashboard is shutting down; send the ping again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (StoreUnavailableException)
        {
            // The disk fails for now; the writer tries it again every few seconds, and Kartra sends again.
            return TypedResults.Problem("The database cannot be written now; send the ping again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (StoreNotDurableException e)
        {
            // Stored, but the disk did not confirm it: not acknowledged, so the sender may try again.
            logs.CreateLogger("KartraDashboard.Ingestion").LogError(e, "A stored ping could not be confirmed on disk");
            return TypedResults.Problem("The ping could not be confirmed on disk; send it again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e)
        {
            // Not the sender's fault: keep the body where it can be re-processed, and ask for it again.
            logs.CreateLogger("KartraDashboard.Ingestion").LogError(e, "Storing a ping failed");
            return await KeepAfterFailureAsync(writer, incoming, e);
        }

        var log = logs.CreateLogger("KartraDashboard.Ingestion");
        if (result.Event is { } stored)
        {
            log.LogDebug("Stored event {EventId} ({Action}){Duplicate}", stored.Id, stored.Action, stored.Duplicate ? " as a duplicate" : "");
            return TypedResults.Ok(new Ack(stored.Id, stored.Action, stored.Duplicate));
        }

        log.LogInformation("Quarantined body {QuarantineId}: {Reason}", result.QuarantineId, result.Error);
        return TypedResults.Problem(
            detail: result.Error,
            statusCode: StatusCodes.Status400BadRequest,
            title: "Not a Kartra ping",
            extensions: new Dictionary<string, object?> { ["quarantineId"] = result.QuarantineId?.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private static async Task<ProblemHttpResult> KeepAfterFailureAsync(StoreWriter writer, IncomingPing incoming, Exception error)
    {
        const string retry = "The ping could not be stored; send it again shortly.";
        try
        {
            var id = await writer.QuarantineAsync(incoming.Body, incoming.ContentType, incoming.RemoteAddress,
                $"Could not be stored ({error.Message}); the sender was asked to send it again, so re-process it only if it never arrived.");
            return TypedResults.Problem(retry + $" It was kept in quarantine as {id}.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception)
        {
            return TypedResults.Problem(retry, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The body, or null when it is over the limit (told from Content-Length where sent, else while reading).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        // Grown as bytes arrive: a declared length is only a claim, and must not reserve memory before them.
        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)Math.Min(n, 16 * 1024) : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

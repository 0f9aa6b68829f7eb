using KartraDashboard.Hosting;
using KartraDashboard.Outbox;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static KartraDashboard.Outbox.DestinationChecks;
using static KartraDashboard.Outbox.OutboxApi;

namespace KartraDashboard.Forwarding;

/// <summary>Forwarding targets under /api/forwarding: thin handlers that check what they are given and ask the writer.</summary>
public static class ForwardingEndpoints
{
    public sealed record TargetRequest(string? Url, List<string?>? Actions, bool? Enabled);

    public static IEndpointRouteBuilder MapForwarding(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/forwarding").RequireAuthorization().WithTags("Forwarding");
        api.MapGet("", (OutboxReads reads) => TypedResults.Ok(reads.Targets()));
        api.MapPost("", CreateAsync);
        api.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (long id, StoreWriter writer) =>
            await writer.DeleteTargetAsync(id) ? TypedResults.NoContent() : NotFound($"There is no forwarding target {id}."));
        api.MapPost("/{id:long}/pause", (long id, StoreWriter writer) => SetEnabledAsync(id, false, writer));
        api.MapPost("/{id:long}/resume", (long id, StoreWriter writer) => SetEnabledAsync(id, true, writer));
        api.MapPost("/{id:long}/test", TestAsync);
        api.MapGet("/{id:long}/deliveries", (long id, string? status, string? take, string? before, OutboxReads reads) =>
            OutboxApi.Deliveries(reads, Destination.Target(id), reads.Target(id) is null ? $"There is no forwarding target {id}." : null, status, take, before));
        api.MapPost("/{id:long}/replay", ReplayAsync);
        return app;
    }

    private static async Task<Results<Created<ForwardTarget>, ProblemHttpResult>> CreateAsync(TargetRequest? request, StoreWriter writer, TimeProvider time)
    {
        if (request is null || !IsWebAddress(request.Url)) return BadRequest("'url' must be an absolute http or https address.");
        if (!TryActions(request.Actions, out var actions, out var error)) return BadRequest(error!);
        var target = await writer.AddTargetAsync(request.Url!, actions, WebhookSignature.NewSecret(), request.Enabled ?? true, time.GetUtcNow().UtcDateTime);
        return TypedResults.Created($"/api/forwarding/{target.Id}", target);
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> SetEnabledAsync(long id, bool enabled, StoreWriter writer) =>
        await writer.SetTargetEnabledAsync(id, enabled) ? TypedResults.NoContent() : NotFound($"There is no forwarding target {id}.");

    private static async Task<Results<Accepted<TestOwed>, NotFound<ProblemDetails>>> TestAsync(long id, StoreWriter writer, OutboxReads reads)
    {
        if (reads.Target(id) is null) return NotFound($"There is no forwarding target {id}.");
        var delivery = await writer.OweTestAsync(Destination.Target(id), null, ForwardRequest.TestBody, "application/json");
        return TypedResults.Accepted($"/api/forwarding/{id}/deliveries", new TestOwed(delivery.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public sealed record TestOwed(string Delivery);

    public sealed record ReplayOwed(long Owed);

    private static async Task<Results<Accepted<ReplayOwed>, ProblemHttpResult, NotFound<ProblemDetails>>> ReplayAsync(
        long id, string? from, string? to, StoreWriter writer, OutboxReads reads, EventReads events, ZoneSettings zones)
    {
        if (reads.Target(id) is null) return NotFound($"There is no forwarding target {id}.");
        if (!TimeRange.TryParse(from, to, zones.Dashboard, out var start, out var end, out var error)) return BadRequest(error!);
        var owed = events.IdsReceived(start, end) is var (lo, hi) ? await writer.ReplayAsync(id, lo, hi) : 0;
        return TypedResults.Accepted($"/api/forwarding/{id}/deliveries?status=pending", new ReplayOwed(owed));
    }
}

using KartraDashboard.Outbox;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static KartraDashboard.Outbox.OutboxApi;
using static KartraDashboard.Alerts.RuleCheck;

namespace KartraDashboard.Alerts;

/// <summary>Alert rules under /api/alerts: thin handlers that check a rule and ask the writer.</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").RequireAuthorization().WithTags("Alerts");
        api.MapGet("", (OutboxReads reads) => TypedResults.Ok(reads.Rules()));
        api.MapPost("", CreateAsync);
        api.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (long id, StoreWriter writer) =>
            await writer.DeleteRuleAsync(id) ? TypedResults.NoContent() : NotFound($"There is no alert rule {id}."));
        api.MapPost("/{id:long}/pause", (long id, StoreWriter writer) => SetEnabledAsync(id, false, writer));
        api.MapPost("/{id:long}/resume", (long id, StoreWriter writer) => SetEnabledAsync(id, true, writer));
        api.MapPost("/{id:long}/test", TestAsync);
        api.MapGet("/{id:long}/deliveries", (long id, string? status, string? take, string? before, OutboxReads reads) =>
            OutboxApi.Deliveries(reads, Destination.Rule(id), reads.Rule(id) is null ? $"There is no alert rule {id}." : null, status, take, before));
        return app;
    }

    private static async Task<Results<Created<AlertRule>, ProblemHttpResult>> CreateAsync(
        RuleRequest? request, StoreWriter writer, TimeProvider time, IOptions<AlertsOptions> options)
    {
        if (!RuleCheck.TryRule(request, !string.IsNullOrWhiteSpace(options.Value.Smtp.Host), out var rule, out var error)) return BadRequest(error!);
        var stored = await writer.AddRuleAsync(rule!, time.GetUtcNow().UtcDateTime);
        return TypedResults.Created($"/api/alerts/{stored.Id}", stored);
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> SetEnabledAsync(long id, bool enabled, StoreWriter writer) =>
        await writer.SetRuleEnabledAsync(id, enabled) ? TypedResults.NoContent() : NotFound($"There is no alert rule {id}.");

    public sealed record TestOwed(string Delivery);

    private static async Task<Results<Accepted<TestOwed>, NotFound<ProblemDetails>>> TestAsync(long id, StoreWriter writer, OutboxReads reads)
    {
        if (reads.Rule(id) is not { } rule) return NotFound($"There is no alert rule {id}.");
        var delivery = await writer.OweTestAsync(Destination.Rule(id), AlertMessages.Test(rule.Name), null, null);
        return TypedResults.Accepted($"/api/alerts/{id}/deliveries", new TestOwed(delivery.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

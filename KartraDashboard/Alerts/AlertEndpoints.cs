using KartraDashboard.Outbox;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static KartraDashboard.Outbox.OutboxApi;

namespace KartraDashboard.Alerts;

/// <summary>Alert rules under /api/alerts: thin handlers that check a rule and ask the writer.</summary>
public static class AlertEndpoints
{
    public sealed record ChannelRequest(string? Type, string? To, string? Url);

    public sealed record RuleRequest(string? Name, string? Type, List<string?>? Actions, string? Product, decimal? MinAmount, int? Hours, string? Every, ChannelRequest? Channel);

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
        if (!TryRule(request, !string.IsNullOrWhiteSpace(options.Value.Smtp.Host), out var rule, out var error)) return BadRequest(error!);
        var stored = await writer.AddRuleAsync(rule!, time.GetUtcNow().UtcDateTime);
        return TypedResults.Created($"/api/alerts/{stored.Id}", stored);
    }

    /// <summary>A rule as asked for, checked: each type takes its own fields, each channel its address.</summary>
    public static bool TryRule(RuleRequest? r, bool smtpSet, out AlertRule? rule, out string? error)
    {
        rule = null;
        error = null;
        if (r is null || string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100) error = "'name' must be a name of 1 to 100 characters.";
        else if (r.Channel is not { } c || !ChannelTypes.All.Contains(c.Type)) error = $"'channel.type' must be one of {string.Join(", ", ChannelTypes.All)}.";
        else if (c.Type == ChannelTypes.Email && !MimeKit.MailboxAddress.TryParse(c.To ?? "", out _)) error = "'channel.to' must be an email address.";
        else if (c.Type == ChannelTypes.Email && !smtpSet) error = "Email alerts need Alerts:Smtp:Host (and From) in the settings.";
        else if (c.Type != ChannelTypes.Email && !IsWebAddress(c.Url)) error = "'channel.url' must be an absolute http or https address.";
        else if (r.Type == AlertTypes.Event)
        {
            if (!TryActions(r.Actions, out var actions, out error)) return false;
            if (r.MinAmount is < 0) error = "'minAmount' must be 0 or more.";
            else rule = Rule(r, c) with { Actions = actions, Product = string.IsNullOrWhiteSpace(r.Product) ? null : r.Product.Trim(), MinAmount = r.MinAmount };
        }
        else if (r.Type == AlertTypes.Silence)
        {
            if (r.Hours is not (>= 1 and <= 24 * 30)) error = "'hours' must be a number of hours from 1 to 720.";
            else rule = Rule(r, c) with { Hours = r.Hours };
        }
        else if (r.Type == AlertTypes.Digest)
        {
            if (r.Every is not (AlertTypes.Day or AlertTypes.Week)) error = "'every' must be \"day\" or \"week\".";
            else rule = Rule(r, c) with { Every = r.Every };
        }
        else error = "'type' must be \"event\", \"silence\" or \"digest\".";
        return rule is not null;
    }

    private static AlertRule Rule(RuleRequest r, ChannelRequest c) =>
        new("", r.Name!.Trim(), r.Type!, new AlertChannel(c.Type!, c.Type == ChannelTypes.Email ? c.To!.Trim() : null, c.Type == ChannelTypes.Email ? null : c.Url), true);

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

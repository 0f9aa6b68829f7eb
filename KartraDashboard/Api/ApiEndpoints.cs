using System.Globalization;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Api;

/// <summary>The read API under /api: thin handlers that check their parameters and ask the store.</summary>
public static class ApiEndpoints
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }

    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().RequireAuthorization();
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Read API");
        api.MapGet("/events", ListEvents);
        api.MapGet("/events/{id:long}", GetEvent);
        api.MapGet("/leads", ListLeads);
        api.MapGet("/leads/{leadId}", GetLead);
        api.MapGet("/revenue", GetRevenue);
        api.MapGet("/gdpr", (LeadReads leads) => TypedResults.Ok(leads.Gdpr()));
        api.MapGet("/transactions", ListTransactions);
        api.MapGet("/quarantine", ListQuarantine);
        api.MapGet("/quarantine/{id:long}", GetQuarantined);
        api.MapPost("/quarantine/{id:long}/reprocess", ReprocessAsync);
        return api;
    }

    private static Results<Ok<Page<EventItem>>, ProblemHttpResult> ListEvents(
        string? action, string? lead, string? from, string? to, string? skip, string? take, string? before, string? subject,
        EventReads events, ZoneSettings zones)
    {
        if (!EventSubject.TryParseFilter(subject, out var about, out var subjectError)) return BadRequest(subjectError);
        if (!TimeRange.TryParse(from, to, zones.Dashboard, out var start, out var end, out var error)) return BadRequest(error!);
        if (!TryPaging(skip, take, out var s, out var t, out error)) return BadRequest(error!);
        long? cursor = null;
        if (!string.IsNullOrWhiteSpace(before))
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) return BadRequest($"'before' must be an event id, not '{before}'.");
            cursor = b;
        }
        var actions = (action ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return TypedResults.Ok(events.List(new EventQuery
        {
            Actions = actions, Lead = lead, From = start, To = end, Skip = cursor is null ? s : 0, Take = t, Before = cursor,
            Subject = about,
        }));
    }

    private static Results<Ok<EventDetail>, NotFound<ProblemDetails>> GetEvent(long id, EventReads events) =>
        events.Detail(id) is { } e
            ? TypedResults.Ok(e)
            : NotFound($"There is no event {id}.");

    private static Results<Ok<Page<LeadItem>>, ProblemHttpResult> ListLeads(string? search, string? gdpr, string? deleted, string? skip, string? take, LeadReads leads, HttpRequest request)
    {
        if (deleted is not (null or "" or "0" or "1")) return BadRequest("'deleted' must be 1 (only leads deleted in Kartra) or 0.");
        if (!LeadFilters.TryCreate(request.Query, out var filters, out var filterError)) return BadRequest(filterError);
        int? status = null;
        if (!string.IsNullOrWhiteSpace(gdpr))
        {
            if (!int.TryParse(gdpr, NumberStyles.None, CultureInfo.InvariantCulture, out var g) || g > 5) return BadRequest("'gdpr' must be a status from 0 to 5.");
            status = g;
        }
        if (!TryPaging(skip, take, out var s, out var t, out var error)) return BadRequest(error!);
        return TypedResults.Ok(leads.List(new LeadQuery { Search = search, Gdpr = status, Deleted = deleted == "1", Skip = s, Take = t, Filters = filters }));
    }

    private static Results<Ok<LeadDetail>, NotFound<ProblemDetails>> GetLead(string leadId, LeadReads leads) =>
        leads.Detail(leadId) is { } lead ? TypedResults.Ok(lead) : NotFound($"There is no lead {leadId}.");

    private static Results<Ok<RevenueReport>, ProblemHttpResult> GetRevenue(string? from, string? to, RevenueReads revenue, ZoneSettings zones, IOptions<DashboardOptions> options)
    {
        if (!TimeRange.TryParse(from, to, zones.Dashboard, out var start, out var end, out var error)) return BadRequest(error!);
        return TypedResults.Ok(revenue.Report(start, end, options.Value.Currency));
    }

    private static Results<Ok<Page<TransactionRow>>, ProblemHttpResult> ListTransactions(
        string? from, string? to, string? type, string? lead, string? product, string? skip, string? take, TransactionReads transactions, ZoneSettings zones)
    {
        if (!TransactionQuery.TryCreate(from, to, type, lead, product, zones.Dashboard, out var query, out var error)) return BadRequest(error!);
        if (!TryPaging(skip, take, out var s, out var t, out error)) return BadRequest(error!);
        return TypedResults.Ok(transactions.List(query with { Skip = s, Take = t }));
    }

    private static Results<Ok<Page<QuarantineItem>>, ProblemHttpResult> ListQuarantine(string? skip, string? take, QuarantineReads quarantine) =>
        TryPaging(skip, take, out var s, out var t, out var error) ? TypedResults.Ok(quarantine.List(s, t)) : BadRequest(error!);

    private static Results<Ok<QuarantineDetail>, NotFound<ProblemDetails>> GetQuarantined(long id, QuarantineReads quarantine) =>
        quarantine.Detail(id) is { } q
            ? TypedResults.Ok(q)
            : NotFound($"There is no quarantined body {id}.");

    private static async Task<Results<Ok<EventItem>, NotFound<ProblemDetails>, ProblemHttpResult>> ReprocessAsync(
        long id, QuarantineReprocessor reprocessor)
    {
        var outcome = await reprocessor.ReprocessAsync(id);
        return outcome.Status switch
        {
            ReprocessStatus.Stored => TypedResults.Ok(outcome.Event!),
            ReprocessStatus.NotFound => NotFound(outcome.Message),
            ReprocessStatus.AlreadyDone => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status409Conflict),
            ReprocessStatus.Unavailable => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => BadRequest(outcome.Message),
        };
    }

    private static bool TryPaging(string? skip, string? take, out int s, out int t, out string? error)
    {
        s = 0;
        t = 50;
        error = null;
        if (!string.IsNullOrWhiteSpace(skip) && !int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out s))
            error = $"'skip' must be a whole number of 0 or more, not '{skip}'.";
        else if (!string.IsNullOrWhiteSpace(take) && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out t) || t < 1 || t > Paging.MaxTake))
            error = $"'take' must be a whole number from 1 to {Paging.MaxTake}, not '{take}'.";
        return error is null;
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });
}

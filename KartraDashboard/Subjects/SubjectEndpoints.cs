using System.Globalization;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KartraDashboard.Subjects;

/// <summary>What each event is about: the subject reports under /api/subjects, and the count of what was stored before.</summary>
public static class SubjectEndpoints
{
    public static IServiceCollection AddSubjects(this IServiceCollection services)
    {
        services.AddSingleton<SubjectReads>();
        services.AddHostedService<SubjectBackfill>();
        return services;
    }

    public static RouteGroupBuilder MapSubjects(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Subjects");
        api.MapGet("/subjects", List).WithSummary("A kind's subjects with their counts per action and the leads in each now, busiest first.");
        api.MapGet("/subjects/{kind}/{id}", Detail).WithSummary("One subject with its counts per day and its levels or classes.");
        return api;
    }

    private static Results<Ok<Page<SubjectItem>>, ProblemHttpResult> List(
        string? kind, string? from, string? to, string? skip, string? take, SubjectReads subjects, ZoneSettings zones)
    {
        kind = string.IsNullOrWhiteSpace(kind) ? SubjectKinds.Tag : kind.Trim();
        if (!EventSubject.Kinds.Contains(kind)) return BadRequest($"'kind' must be one of {string.Join(", ", EventSubject.Kinds)}, not '{kind}'.");
        if (!TryDays(from, to, zones, out var first, out var last, out var error)) return BadRequest(error);
        var s = 0;
        var t = 50;
        if (!string.IsNullOrWhiteSpace(skip) && !int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out s))
            return BadRequest($"'skip' must be a whole number of 0 or more, not '{skip}'.");
        if (!string.IsNullOrWhiteSpace(take) && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out t) || t < 1 || t > Paging.MaxTake))
            return BadRequest($"'take' must be a whole number from 1 to {Paging.MaxTake}, not '{take}'.");
        return TypedResults.Ok(subjects.List(new SubjectQuery(kind) { From = first, To = last, Skip = s, Take = t }));
    }

    private static Results<Ok<SubjectDetail>, NotFound<ProblemDetails>, ProblemHttpResult> Detail(
        string kind, string id, string? from, string? to, SubjectReads subjects, ZoneSettings zones)
    {
        if (!EventSubject.Kinds.Contains(kind)) return NotFound($"There is no kind of subject '{kind}'.");
        if (!TryDays(from, to, zones, out var first, out var last, out var error)) return BadRequest(error);
        return subjects.Detail(kind, id, first, last) is { } detail ? TypedResults.Ok(detail) : NotFound($"There is no {kind} {id}.");
    }

    /// <summary>The range as whole days of the dashboard's zone: subject figures are kept per day.</summary>
    private static bool TryDays(string? from, string? to, ZoneSettings zones, out DateOnly? first, out DateOnly? last, out string error)
    {
        first = last = null;
        if (!TimeRange.TryParse(from, to, zones.Dashboard, out var start, out var end, out var e))
        {
            error = e!;
            return false;
        }
        error = "";
        if (start is { } f) first = Days.Of(f, zones.Dashboard);
        if (end is { } t) last = Days.Of(t, zones.Dashboard);
        return true;
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });
}

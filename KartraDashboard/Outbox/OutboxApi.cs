using System.Globalization;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KartraDashboard.Outbox;

/// <summary>What the forwarding and alert endpoints share: their answers for a bad request, a missing id, and a delivery log.</summary>
public static class OutboxApi
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = detail });

    /// <summary>A destination's delivery log, newest first, of one status or all.</summary>
    public static Results<Ok<IReadOnlyList<Delivery>>, ProblemHttpResult, NotFound<ProblemDetails>> Deliveries(
        OutboxReads reads, Destination to, string? missing, string? status, string? take, string? before)
    {
        if (missing is not null) return NotFound(missing);
        if (status is not null && !DeliveryStatus.All.Contains(status)) return BadRequest($"'status' must be one of {string.Join(", ", DeliveryStatus.All)}, not '{status}'.");
        var t = 50;
        if (take is not null && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out t) || t < 1 || t > Paging.MaxTake))
            return BadRequest($"'take' must be a number from 1 to {Paging.MaxTake}.");
        long? cursor = null;
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) return BadRequest($"'before' must be a delivery id, not '{before}'.");
            cursor = b;
        }
        return TypedResults.Ok(reads.Deliveries(to, status, t, cursor));
    }
}

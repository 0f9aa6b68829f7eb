using System.Globalization;
using KartraDashboard.Hosting;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KartraDashboard.Money;

/// <summary>The money routes beyond revenue: subscriptions, and one transaction with what it is linked to.</summary>
public static class MoneyEndpoints
{
    public static IServiceCollection AddMoney(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SubscriptionReads>();
        services.AddSingleton<TransactionDetailReads>();
        return services;
    }

    public static IEndpointRouteBuilder MapMoney(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Read API");
        api.MapGet("/subscriptions", ListSubscriptions);
        api.MapGet("/subscriptions/trend", GetTrend);
        api.MapGet("/transactions/{transactionId:long}", GetTransaction);
        return app;
    }

    private static Results<Ok<SubscriptionPage>, ProblemHttpResult> ListSubscriptions(
        string? status, string? product, string? take, string? before, SubscriptionReads subscriptions)
    {
        if (!string.IsNullOrWhiteSpace(status) && !SubscriptionStatus.All.Contains(status.Trim()))
            return BadRequest($"'status' must be one of {string.Join(", ", SubscriptionStatus.All)}, not '{status}'.");
        var t = 50;
        if (!string.IsNullOrWhiteSpace(take) && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out t) || t < 1 || t > Paging.MaxTake))
            return BadRequest($"'take' must be a whole number from 1 to {Paging.MaxTake}, not '{take}'.");
        if (!string.IsNullOrWhiteSpace(before) && subscriptions.Find(before.Trim()) is null)
            return BadRequest($"'before' must be the id of a listed subscription, not '{before}'.");
        return TypedResults.Ok(subscriptions.List(new SubscriptionQuery { Status = status, Product = product, Before = before?.Trim(), Take = t }));
    }

    private static Results<Ok<TransactionDetail>, NotFound<ProblemDetails>> GetTransaction(long transactionId, TransactionDetailReads transactions) =>
        transactions.Find(transactionId.ToString(CultureInfo.InvariantCulture)) is { } detail
            ? TypedResults.Ok(detail)
            : NotFound($"There is no transaction {transactionId}.");

    private static Results<Ok<SubscriptionTrend>, ProblemHttpResult> GetTrend(string? from, string? to, SubscriptionReads subscriptions, ZoneSettings zones)
    {
        if (!TimeRange.TryParse(from, to, zones.Dashboard, out var start, out var end, out var error)) return BadRequest(error!);
        return TypedResults.Ok(subscriptions.Trend(start, end));
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });
}

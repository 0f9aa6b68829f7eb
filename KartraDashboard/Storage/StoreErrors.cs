using LiteDB;

namespace KartraDashboard.Storage;

public static class StoreErrors
{
    /// <summary>
    /// A read that meets a failed store (a disk error closed LiteDB's engine, or the writer is
    /// opening the file again) answers 503 with Retry-After, like the webhook, never a bare 500.
    /// </summary>
    public static IApplicationBuilder UseStoreErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                  && (Database.IsDiskError(e) || e is LiteException or StoreUnavailableException))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("KartraDashboard.Storage")
                .LogWarning("A read found the database unavailable: {Message}", e.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem("The database cannot be read now; try again in a few seconds.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unavailable").ExecuteAsync(context);
        }
    });
}

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace KartraDashboard.Auth;

/// <summary>
/// A limit on sign-in attempts from all addresses together, on top of <see cref="LoginThrottle"/>'s
/// per address: each attempt costs a PBKDF2 hash (a few hundred milliseconds of a core), so
/// guesses from many addresses at once must not keep every core busy.
/// </summary>
public static class SignInLimits
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "1";
            return ValueTask.CompletedTask;
        };
        // About one hash per core per second, with a short burst for a few people signing in together.
        o.AddTokenBucketLimiter(Policy, b =>
        {
            b.TokenLimit = 4 * Environment.ProcessorCount;
            b.TokensPerPeriod = Environment.ProcessorCount;
            b.ReplenishmentPeriod = TimeSpan.FromSeconds(1);
            b.QueueLimit = 0;
        });
    });

    /// <summary>
    /// The sign-in and sign-out forms are read only up to <see cref="AuthEndpoints.MaxFormBytes"/>:
    /// anyone may post them, and the form is read (for its antiforgery token) before the endpoint
    /// runs, so the limit is set here, ahead of that. Then the rate limiter.
    /// </summary>
    public static WebApplication UseSignInLimits(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(AuthEndpoints.Route)) return next(context);
            if (context.Request.ContentLength > AuthEndpoints.MaxFormBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = AuthEndpoints.MaxFormBytes;
            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>429 with Retry-After in whole seconds, rounded up, and a line a person can read.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Text($"Too many sign-in attempts from this address; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
    }
}

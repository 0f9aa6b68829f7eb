using System.Globalization;
using System.Threading.RateLimiting;

namespace KartraDashboard.Auth;

/// <summary>
/// A limit on sign-in attempts from all addresses together, on top of <see cref="LoginThrottle"/>'s
/// per address: each attempt costs a PBKDF2 hash (a few hundred milliseconds of a core), so
/// guesses from many addresses at once must not keep every core busy.
/// </summary>
/// <remarks>
/// A token bucket of our own, not ASP.NET Core's rate-limiting middleware: that middleware never
/// disposes the limiter it builds, whose timer then keeps every stopped host of a process reachable
/// (a leak for the tests and the bench, which start many). This one is disposed with its host.
/// </remarks>
public sealed class SignInBucket : IDisposable
{
    // About one hash per core per second, with a short burst for a few people signing in together.
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 4 * Environment.ProcessorCount,
        TokensPerPeriod = Environment.ProcessorCount,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    /// <summary>Takes an attempt from the bucket; false when it is empty for now.</summary>
    public bool TryTake()
    {
        using var lease = _bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _bucket.Dispose();
}

/// <summary>The limits on sign-in: the bucket above, the size of the forms, and the answer when either says no.</summary>
public static class SignInLimits
{
    public static IServiceCollection AddSignInLimits(this IServiceCollection services) => services.AddSingleton<SignInBucket>();

    /// <summary>
    /// The sign-in and sign-out forms are read only up to <see cref="AuthEndpoints.MaxFormBytes"/>:
    /// anyone may post them, and the form is read (for its antiforgery token) before the endpoint
    /// runs, so the limit is set here, ahead of that.
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
        return app;
    }

    /// <summary>429 with Retry-After in whole seconds, rounded up, and a line a person can read.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan retryAfter, string from = "from this address")
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Text($"Too many sign-in attempts {from}; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
    }
}

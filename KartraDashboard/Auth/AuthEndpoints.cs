using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace KartraDashboard.Auth;

/// <summary>Sign-in and sign-out. The sign-in page posts here: setting a cookie needs the HTTP response.</summary>
public static class AuthEndpoints
{
    public const string AdminUser = "admin";

    /// <summary>A sign-in form is a few hundred bytes; anything much larger is not read.</summary>
    public const int MaxFormBytes = 16 * 1024;

    public const string Route = "/account";

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup(Route).ExcludeFromDescription();
        account.MapPost("/login", LoginAsync).AllowAnonymous();
        account.MapPost("/logout", (Delegate)LogoutAsync);
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, Secrets secrets, LoginThrottle throttle, SignInBucket bucket, TimeProvider clock)
    {
        if (!bucket.TryTake()) return SignInLimits.TooMany(http, TimeSpan.FromSeconds(1), "just now");
        var address = LoginThrottle.KeyOf(http.Connection.RemoteIpAddress);
        var target = SafeReturnUrl(returnUrl);
        if (!throttle.TryBegin(address, out var retryAfter)) return SignInLimits.TooMany(http, retryAfter);
        try
        {
            if (!string.Equals(username?.Trim(), AdminUser, StringComparison.Ordinal) || !await secrets.SignInAsync(password))
            {
                // The answer waits out the address's pause, so whoever reads it may try again at once.
                await Task.Delay(throttle.Failed(address), clock, http.RequestAborted);
                return Results.Redirect($"/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
            }
            throttle.Succeeded(address);
        }
        finally
        {
            throttle.End(address);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, AdminUser), new Claim(Secrets.CredentialClaim, secrets.CredentialStamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
        return Results.LocalRedirect(target);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/login");
    }

    /// <summary>Only a path on this site, so a crafted link cannot send a fresh sign-in elsewhere.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : "/";
}

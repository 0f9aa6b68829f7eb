using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KartraDashboard.Auth;

public static class AuthExtensions
{
    /// <summary>One policy for pages, API and hub: a signed-in cookie, or the API key.</summary>
    public const string Scheme = "Dashboard";

    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddSingleton<Secrets>();
        services.AddSingleton<LoginThrottle>();
        services.AddSignInLimits();
        services.AddCookieKeys();
        services.AddSingleton(TimeProvider.System);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or API key", o => o.ForwardDefaultSelector = http =>
                ApiKeyHandler.GivenKey(http.Request) is not null ? ApiKeyHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.ReturnUrlParameter = "returnUrl";
                o.Cookie.Name = "kartra-dashboard";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    var secrets = ctx.HttpContext.RequestServices.GetRequiredService<Secrets>();
                    if (ctx.Principal?.FindFirst(Secrets.CredentialClaim)?.Value != secrets.CredentialStamp)
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
                // Scripts and the hub get a 401 to act on, not a sign-in page.
                o.Events.OnRedirectToLogin = ctx =>
                {
                    if (IsMachineRoute(ctx.Request)) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SignedInState>();
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static bool IsMachineRoute(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/openapi");
}

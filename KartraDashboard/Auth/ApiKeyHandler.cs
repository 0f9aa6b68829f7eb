using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;Dashboard:ApiKey&gt;</c> for scripts; for the hub also the
/// <c>access_token</c> query parameter, since a browser's WebSocket cannot send headers.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Secrets secrets)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = GivenKey(Request);
        if (key is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (!secrets.IsApiKey(key)) return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    public static string? GivenKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token)) return token.ToString();
        return null;
    }
}

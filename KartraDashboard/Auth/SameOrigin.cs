using Microsoft.AspNetCore.Authentication.Cookies;

namespace KartraDashboard.Auth;

public static class SameOrigin
{
    /// <summary>
    /// A post, put, patch or delete that a sign-in cookie authenticates is taken only from this
    /// site's own pages: a browser names the page's origin in <c>Origin</c> (or at least in
    /// <c>Referer</c>) on every such request, so one another site makes it send (quarantine
    /// re-process, sign-out) is refused with 403. Requests with neither header come from no
    /// browser page and are taken; the API key is not a cookie a browser adds by itself.
    /// </summary>
    public static WebApplication UseSameOriginPosts(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || context.User.Identity is not { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
                return next(context);
            var own = $"{request.Scheme}://{request.Host}";
            var origin = request.Headers.Origin.ToString();
            if (origin.Length == 0 && Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer))
                origin = referer.GetLeftPart(UriPartial.Authority);
            if (origin.Length == 0 || string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)) return next(context);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("Refused: a signed-in request from another site's page.");
        });
        return app;
    }
}

using System.Collections.Concurrent;
using KartraDashboard.Auth;
using Microsoft.AspNetCore.SignalR;

namespace KartraDashboard.Live;

/// <summary>
/// Hub connections opened with a sign-in cookie, so that a password change ends them: the cookie
/// is checked once, when a connection opens, and a connection can stay open for days.
/// Connections opened with the API key are not signed in with the password and stay.
/// </summary>
public sealed class SignedInConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);
    private readonly Secrets _secrets;

    public SignedInConnections(Secrets secrets)
    {
        _secrets = secrets;
        secrets.PasswordChanged += EndStale;
    }

    public void Opened(HubCallerContext context)
    {
        if (context.User?.FindFirst(Secrets.CredentialClaim) is not null) _open[context.ConnectionId] = context;
    }

    public void Closed(HubCallerContext context) => _open.TryRemove(context.ConnectionId, out _);

    private void EndStale()
    {
        foreach (var (id, context) in _open)
            if (context.User?.FindFirst(Secrets.CredentialClaim)?.Value != _secrets.CredentialStamp)
            {
                _open.TryRemove(id, out _);
                context.Abort();
            }
    }
}

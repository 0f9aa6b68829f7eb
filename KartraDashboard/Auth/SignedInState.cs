using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace KartraDashboard.Auth;

/// <summary>
/// A circuit's sign-in, which ends when the password changes: a circuit outlives the cookie
/// check of the request that opened it, so without this a page left open would go on showing
/// live data to a browser the change was meant to sign out. Its pages then send it to sign in.
/// </summary>
public sealed class SignedInState : ServerAuthenticationStateProvider, IDisposable
{
    private readonly Secrets _secrets;

    public SignedInState(Secrets secrets)
    {
        _secrets = secrets;
        secrets.PasswordChanged += OnPasswordChanged;
    }

    private async void OnPasswordChanged()
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            var stamp = state.User.FindFirst(Secrets.CredentialClaim)?.Value;
            if (stamp is not null && stamp != _secrets.CredentialStamp)
                SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
        catch (InvalidOperationException)
        {
            // A prerendering scope without a state yet: nothing open to end.
        }
    }

    public void Dispose() => _secrets.PasswordChanged -= OnPasswordChanged;
}

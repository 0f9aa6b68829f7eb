using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Auth;

/// <summary>
/// The webhook token and the admin password: taken from configuration when set there, else
/// generated on first start and kept in the database (the password only as a hash).
/// </summary>
public sealed class Secrets(IOptions<KartraOptions> kartra, IOptions<DashboardOptions> dashboard, StoreStatus store, StoreWriter writer)
{
    private const string TokenSetting = "webhookToken";
    private const string PasswordSetting = "adminPasswordHash";

    private volatile string _token = "";
    private volatile string? _passwordHash;

    public string WebhookToken => _token;
    public bool TokenFromConfiguration => !string.IsNullOrEmpty(kartra.Value.WebhookToken);
    public bool PasswordFromConfiguration => !string.IsNullOrEmpty(dashboard.Value.AdminPassword);
    public bool ApiKeyConfigured => !string.IsNullOrEmpty(dashboard.Value.ApiKey);

    /// <summary>A password made on this start, to be shown once in the banner; null when there is none.</summary>
    public string? GeneratedPassword { get; private set; }

    public async Task InitializeAsync()
    {
        var token = kartra.Value.WebhookToken;
        if (string.IsNullOrEmpty(token))
        {
            token = store.Setting(TokenSetting);
            if (token is null)
            {
                token = PasswordHash.NewToken();
                await writer.SetSettingAsync(TokenSetting, token);
            }
        }
        _token = token;

        if (!PasswordFromConfiguration)
        {
            _passwordHash = store.Setting(PasswordSetting);
            if (_passwordHash is null)
            {
                GeneratedPassword = PasswordHash.NewToken(12);
                await SetPasswordAsync(GeneratedPassword);
            }
        }
    }

    public const string CredentialClaim = "credential";

    /// <summary>
    /// Changes whenever the password does; a sign-in cookie carries it, so changing the password
    /// signs out every other browser.
    /// </summary>
    public string CredentialStamp =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("credential:" + (PasswordFromConfiguration ? dashboard.Value.AdminPassword : _passwordHash)))).ToLowerInvariant()[..16];

    public bool IsWebhookToken(string? given) => PasswordHash.SecretEquals(given, _token);

    public bool IsApiKey(string? given) => ApiKeyConfigured && PasswordHash.SecretEquals(given, dashboard.Value.ApiKey);

    public bool IsAdminPassword(string? given)
    {
        if (string.IsNullOrEmpty(given)) return false;
        if (PasswordFromConfiguration) return PasswordHash.SecretEquals(given, dashboard.Value.AdminPassword);
        return _passwordHash is { } hash && PasswordHash.Verify(given, hash);
    }

    /// <summary>
    /// Checks a sign-in's password; a right one kept hashed with fewer iterations than today's is
    /// hashed again (which, like a change, signs out other browsers once).
    /// </summary>
    public async Task<bool> SignInAsync(string? given)
    {
        if (!IsAdminPassword(given)) return false;
        if (!PasswordFromConfiguration && _passwordHash is { } hash && PasswordHash.NeedsRehash(hash)) await SetPasswordAsync(given!);
        return true;
    }

    /// <summary>Raised after the password changed: open circuits and hub connections signed in with the old one end.</summary>
    public event Action? PasswordChanged;

    public async Task SetPasswordAsync(string password)
    {
        if (PasswordFromConfiguration) throw new InvalidOperationException("The password is set in configuration (Dashboard:AdminPassword) and is changed there.");
        var hash = PasswordHash.Create(password);
        await writer.SetSettingAsync(PasswordSetting, hash);
        _passwordHash = hash;
        PasswordChanged?.Invoke();
    }

    /// <summary>A new webhook token; the old URL answers 404 from now on.</summary>
    public async Task<string> RotateTokenAsync()
    {
        if (TokenFromConfiguration) throw new InvalidOperationException("The webhook token is set in configuration (Kartra:WebhookToken) and is changed there.");
        var token = PasswordHash.NewToken();
        await writer.SetSettingAsync(TokenSetting, token);
        _token = token;
        return token;
    }
}

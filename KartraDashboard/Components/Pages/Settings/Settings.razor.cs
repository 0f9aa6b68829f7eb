using System.Globalization;
using KartraDashboard.Auth;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Settings;

public partial class Settings : LivePage
{
    [Inject] private StoreStatus StoreStatus { get; set; } = default!;
    public const int MinPasswordLength = 8;

    [Inject] private Secrets Secrets { get; set; } = default!;
    [Inject] private PublicUrls Urls { get; set; } = default!;
    [Inject] private ZoneSettings Zones { get; set; } = default!;
    [Inject] private IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private static readonly CultureInfo Numbers = CultureInfo.GetCultureInfo("en-US");
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private Totals _counters = Totals.Empty;
    private long _databaseBytes;
    private bool _figuresRead;

    private bool _confirmRotate;
    private bool _rotating;
    private string? _rotatedUrl;
    private string? _rotateError;

    private string? _current;
    private string? _new;
    private string? _confirm;
    private bool _changingPassword;
    private bool _passwordChanged;
    private string? _passwordError;

    private string WebhookUrl => Urls.WebhookUrl;
    private string MaskedWebhookUrl => Urls.MaskedWebhookUrl;

    private string CurlExample =>
        $"curl -H \"Authorization: Bearer YOUR_API_KEY\" \"{Urls.DashboardUrl}/api/revenue?from=2026-01-01&to=2026-01-31\"";

    protected override Task OnInitializedAsync() => ReloadAsync();

    // The totals are kept on write; the size is one look at the file.
    protected override Task ReloadAsync() =>
        ReadAsync(() => (StoreStatus.Totals, StoreStatus.DatabaseBytes), read =>
            {
                (_counters, _databaseBytes) = read;
                _figuresRead = true;
            },
            "The database figures could not be read");

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        await ReloadAsync();
        return true;
    }

    private async Task RotateAsync()
    {
        _confirmRotate = false;
        _rotating = true;
        _rotateError = null;
        try
        {
            await Secrets.RotateTokenAsync();
            _rotatedUrl = Urls.MaskedWebhookUrl;
        }
        catch (Exception e) when (e is InvalidOperationException or LiteDB.LiteException or IOException)
        {
            _rotateError = $"No new URL was made: {e.Message}";
        }
        finally
        {
            _rotating = false;
        }
    }

    private async Task ChangePasswordAsync()
    {
        _passwordChanged = false;
        _passwordError = Check();
        if (_passwordError is not null) return;
        _changingPassword = true;
        try
        {
            await Secrets.SetPasswordAsync(_new!);
            _passwordChanged = true;
            _current = _new = _confirm = null;
        }
        catch (Exception e) when (e is InvalidOperationException or LiteDB.LiteException or IOException)
        {
            _passwordError = $"The password was not changed: {e.Message}";
        }
        finally
        {
            _changingPassword = false;
        }
    }

    private string? Check()
    {
        if (!Secrets.IsAdminPassword(_current)) return "The current password is not right.";
        if (string.IsNullOrEmpty(_new) || _new.Length < MinPasswordLength) return $"The new password needs at least {MinPasswordLength} characters.";
        if (_new != _confirm) return "The two new passwords differ.";
        return null;
    }

    private static string Zone(TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(DateTimeOffset.UtcNow);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm} now)";
    }

    internal static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes.ToString("N0", Numbers)} bytes" : $"{size.ToString("0.0", Numbers)} {units[unit]}";
    }
}

using System.Globalization;
using KartraDashboard.Ingestion;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Hosting;

/// <summary>Settings that would only fail later are refused at start, with the key that is wrong.</summary>
public sealed class KartraOptionsValidator : IValidateOptions<KartraOptions>
{
    public ValidateOptionsResult Validate(string? name, KartraOptions o)
    {
        var errors = new List<string>();
        if (!ZoneSettings.Exists(o.TimeZone)) errors.Add($"Kartra:TimeZone '{o.TimeZone}' is not a known time zone (use an IANA id such as America/New_York).");
        if (!string.IsNullOrEmpty(o.WebhookToken) && (o.WebhookToken.Length < 16 || !o.WebhookToken.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            errors.Add("Kartra:WebhookToken must be at least 16 characters of letters, digits, '-' or '_'.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.TimeZone) && !ZoneSettings.Exists(o.TimeZone))
            errors.Add($"Dashboard:TimeZone '{o.TimeZone}' is not a known time zone (use an IANA id such as Europe/Berlin).");
        if (string.IsNullOrWhiteSpace(o.Currency) || o.Currency.Trim().Length > 8)
            errors.Add("Dashboard:Currency must be a currency code such as USD or EUR.");
        if (!string.IsNullOrEmpty(o.ApiKey) && o.ApiKey.Length < 16)
            errors.Add("Dashboard:ApiKey must be at least 16 characters.");
        if (!string.IsNullOrEmpty(o.AdminPassword) && o.AdminPassword.Length < 8)
            errors.Add("Dashboard:AdminPassword must be at least 8 characters.");
        // Kartra posts lead data to it: it must be https.
        if (!string.IsNullOrWhiteSpace(o.PublicUrl) &&
            (!Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme != "https"))
            errors.Add(string.Format(CultureInfo.InvariantCulture, "Dashboard:PublicUrl '{0}' must be an absolute https address, such as https://kartra.example.com.", o.PublicUrl));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

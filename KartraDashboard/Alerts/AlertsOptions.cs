using Microsoft.Extensions.Options;

namespace KartraDashboard.Alerts;

public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }
    public string Security { get; set; } = "StartTls";

    public static readonly string[] SecurityModes = ["StartTls", "SslOnConnect", "None"];
}

public sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions o)
    {
        var errors = new List<string>();
        var smtp = o.Smtp;
        if (smtp.Port is < 1 or > 65535) errors.Add($"Alerts:Smtp:Port {smtp.Port} must be a port from 1 to 65535.");
        if (!SmtpOptions.SecurityModes.Contains(smtp.Security, StringComparer.OrdinalIgnoreCase))
            errors.Add($"Alerts:Smtp:Security '{smtp.Security}' must be one of {string.Join(", ", SmtpOptions.SecurityModes)}.");
        if (!string.IsNullOrWhiteSpace(smtp.Host) && !MimeKit.MailboxAddress.TryParse(smtp.From ?? "", out _))
            errors.Add("Alerts:Smtp:From must be an email address when Alerts:Smtp:Host is set.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

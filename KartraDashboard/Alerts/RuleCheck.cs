using KartraDashboard.Storage;
using static KartraDashboard.Outbox.DestinationChecks;

namespace KartraDashboard.Alerts;

/// <summary>An alert rule as asked for (by the API or the page), checked before it is stored.</summary>
public static class RuleCheck
{
    public sealed record ChannelRequest(string? Type, string? To, string? Url);

    public sealed record RuleRequest(string? Name, string? Type, List<string?>? Actions, string? Product, decimal? MinAmount, int? Hours, string? Every, ChannelRequest? Channel);

    /// <summary>A rule as asked for, checked: each type takes its own fields, each channel its address.</summary>
    public static bool TryRule(RuleRequest? r, bool smtpSet, out AlertRule? rule, out string? error)
    {
        rule = null;
        error = null;
        if (r is null || string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100) error = "'name' must be a name of 1 to 100 characters.";
        else if (r.Channel is not { } c || !ChannelTypes.All.Contains(c.Type)) error = $"'channel.type' must be one of {string.Join(", ", ChannelTypes.All)}.";
        else if (c.Type == ChannelTypes.Email && !MimeKit.MailboxAddress.TryParse(c.To ?? "", out _)) error = "'channel.to' must be an email address.";
        else if (c.Type == ChannelTypes.Email && !smtpSet) error = "Email alerts need Alerts:Smtp:Host (and From) in the settings.";
        else if (c.Type != ChannelTypes.Email && !IsWebAddress(c.Url)) error = "'channel.url' must be an absolute http or https address.";
        else if (r.Type == AlertTypes.Event)
        {
            if (!TryActions(r.Actions, out var actions, out error)) return false;
            if (r.MinAmount is < 0) error = "'minAmount' must be 0 or more.";
            else rule = Rule(r, c) with { Actions = actions, Product = string.IsNullOrWhiteSpace(r.Product) ? null : r.Product.Trim(), MinAmount = r.MinAmount };
        }
        else if (r.Type == AlertTypes.Silence)
        {
            if (r.Hours is not (>= 1 and <= 24 * 30)) error = "'hours' must be a number of hours from 1 to 720.";
            else rule = Rule(r, c) with { Hours = r.Hours };
        }
        else if (r.Type == AlertTypes.Digest)
        {
            if (r.Every is not (AlertTypes.Day or AlertTypes.Week)) error = "'every' must be \"day\" or \"week\".";
            else rule = Rule(r, c) with { Every = r.Every };
        }
        else error = "'type' must be \"event\", \"silence\" or \"digest\".";
        return rule is not null;
    }

    private static AlertRule Rule(RuleRequest r, ChannelRequest c) =>
        new("", r.Name!.Trim(), r.Type!, new AlertChannel(c.Type!, c.Type == ChannelTypes.Email ? c.To!.Trim() : null, c.Type == ChannelTypes.Email ? null : c.Url), true);
}

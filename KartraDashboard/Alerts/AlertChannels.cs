using System.Net.Http.Json;
using KartraDashboard.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KartraDashboard.Alerts;

/// <summary>How an alert reaches its channel: an incoming webhook (Slack, Discord, generic JSON) over HTTP, or an email over SMTP.</summary>
public sealed class AlertChannels(IOptions<AlertsOptions> options)
{
    /// <summary>The HTTP request for a Slack, Discord or generic webhook channel.</summary>
    public static HttpRequestMessage Request(AlertRule rule, string text, string? link, EventItem? e)
    {
        var line = link is null ? text : $"{text}\n{link}";
        object body = rule.Channel.Type switch
        {
            ChannelTypes.Slack => new { text = line },
            ChannelTypes.Discord => new { content = line },
            _ => new WebhookAlert(rule.Name, text, link, e),
        };
        return new HttpRequestMessage(HttpMethod.Post, rule.Channel.Url) { Content = JsonContent.Create(body) };
    }

    private sealed record WebhookAlert(string Rule, string Text, string? Link, EventItem? Event);

    /// <summary>Sends one email; answers the server's reply.</summary>
    public async Task<string> EmailAsync(AlertRule rule, string text, string? link, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host)) throw new InvalidOperationException("Alerts:Smtp:Host is not set: no email can be sent.");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        message.To.Add(MailboxAddress.Parse(rule.Channel.To!));
        message.Subject = text;
        message.Body = new TextPart("plain") { Text = link is null ? text : $"{text}\n\n{link}\n" };
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = smtp.Security.ToLowerInvariant() switch
        {
            "sslonconnect" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        var reply = await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
        return reply;
    }
}

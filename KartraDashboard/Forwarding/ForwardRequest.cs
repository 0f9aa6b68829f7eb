using System.Globalization;
using System.Net.Http.Headers;
using KartraDashboard.Storage;

namespace KartraDashboard.Forwarding;

/// <summary>A ping forwarded: its raw body byte for byte, with its original Content-Type, signed.</summary>
public static class ForwardRequest
{
    /// <summary>What a test sends: a ping as Kartra would, marked as a test.</summary>
    public static readonly byte[] TestBody = """{"action":"test","lead":{"email":"test@example.com"},"action_details":{"note":"A test from KartraDashboard"}}"""u8.ToArray();

    public static HttpRequestMessage Build(ForwardTarget target, string secret, string messageId, byte[] body, string? contentType, DateTimeOffset now)
    {
        var content = new ByteArrayContent(body);
        // The Content-Type Kartra sent, as it sent it, even when it would not parse.
        content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "application/json");
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
        request.Headers.Add(WebhookSignature.IdHeader, messageId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, messageId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("KartraDashboard", "1.0"));
        return request;
    }
}

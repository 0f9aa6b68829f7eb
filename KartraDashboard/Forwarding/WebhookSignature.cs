using System.Security.Cryptography;
using System.Text;

namespace KartraDashboard.Forwarding;

/// <summary>
/// Signing after the Standard Webhooks specification: the secret is "whsec_" and the base64 of
/// the key; the signature is "v1," and the base64 of HMAC-SHA256(key, "id.timestamp.body").
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";
    public const string IdHeader = "webhook-id", TimestampHeader = "webhook-timestamp", SignatureHeader = "webhook-signature";

    /// <summary>A new secret: 32 random bytes.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] Key(string secret) => Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), signed));
    }
}

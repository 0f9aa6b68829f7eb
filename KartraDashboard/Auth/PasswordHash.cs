using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KartraDashboard.Auth;

/// <summary>PBKDF2 password hashes, stored as "pbkdf2-sha256$iterations$salt$hash".</summary>
public static class PasswordHash
{
    // OWASP's figure for PBKDF2-HMAC-SHA256; a hash made with fewer is made again at the next sign-in.
    public const int Iterations = 600_000;

    /// <summary>Whether a stored hash was made with fewer iterations than <see cref="Iterations"/>.</summary>
    public static bool NeedsRehash(string stored)
    {
        var parts = stored.Split('$');
        return parts.Length != 4 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations) || iterations < Iterations;
    }

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations)) return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Compares two secrets in constant time, whatever their lengths.</summary>
    public static bool SecretEquals(string? given, string? expected)
    {
        if (string.IsNullOrEmpty(given) || string.IsNullOrEmpty(expected)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>A random secret safe in a URL path.</summary>
    public static string NewToken(int bytes = 24) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Globalization;
using System.Net;
using System.Text;

namespace KartraDashboard.Storage;

/// <summary>
/// Whether a quarantined body holds a text, in any form a body may carry it: as sent,
/// URL-decoded (a form post), JSON-unescaped (\u0040 for '@'), both, and in any case.
/// </summary>
internal static class QuarantineText
{
    /// <summary>The first of <paramref name="needles"/> the body holds, or null.</summary>
    public static string? FindAny(byte[] body, IEnumerable<string> needles)
    {
        var forms = Forms(body);
        foreach (var needle in needles)
            if (forms.Any(f => f.Contains(needle, StringComparison.OrdinalIgnoreCase))) return needle;
        return null;
    }

    public static List<string> Forms(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var url = UrlDecode(text);
        var json = JsonUnescape(text);
        return [text, url, json, JsonUnescape(url), UrlDecode(json)];
    }

    private static string UrlDecode(string text)
    {
        try { return WebUtility.UrlDecode(text); }
        catch (ArgumentException) { return text; }
    }

    /// <summary>JSON's escapes undone wherever they appear (a body that is not JSON as a whole may still hold some).</summary>
    public static string JsonUnescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length) { sb.Append(c); continue; }
            var next = text[++i];
            switch (next)
            {
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                default: sb.Append(next); break;
            }
        }
        return sb.ToString();
    }
}

namespace KartraDashboard.Ingestion;

/// <summary>
/// Unicode's explicit direction controls (embeddings, overrides and isolates, U+202A–U+202E and
/// U+2066–U+2069) reorder the text around them as it is shown, so a name could display as
/// something else ("moc.elgoog@" shown as "@google.com"). Text read from pings and bodies shown
/// to people has them replaced by U+FFFD, which shows where one was; the raw body stays as sent.
/// </summary>
public static class Bidi
{
    public const char Replacement = '\uFFFD';

    public static bool IsControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    public static string Neutralise(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u202A', '\u202E') && !text.AsSpan().ContainsAnyInRange('\u2066', '\u2069')) return text;
        return string.Create(text.Length, text, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++) span[i] = IsControl(s[i]) ? Replacement : s[i];
        });
    }
}

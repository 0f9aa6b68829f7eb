using System.Globalization;
using System.Text.RegularExpressions;

namespace KartraDashboard.Ingestion;

/// <summary>Reads Kartra's timestamps, which carry no offset and are meant in the account's zone.</summary>
public static partial class KartraTime
{
    private static readonly string[] NaiveFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
    ];

    /// <summary>
    /// "YYYY-mm-dd HH:ii:ss" read in <paramref name="zone"/>, or an ISO 8601 text with its own offset.
    /// Null for empty, "N/A", Kartra's "0000-00-00 00:00:00" and anything that is no date.
    /// </summary>
    public static DateTimeOffset? Parse(string? text, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        // Only ISO-like dates: a lenient culture parse would turn "1/2/2024" into a guess.
        if (!IsoStart().IsMatch(s) || s.StartsWith("0000-", StringComparison.Ordinal)) return null;

        try
        {
            if (DateTime.TryParseExact(s, NaiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var naive))
                return Days.Instant(naive, zone);

            if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
                return null;
            if (parsed.Kind == DateTimeKind.Unspecified)
                return Days.Instant(parsed, zone);
            // The text names its own offset; take it as written rather than converted to this machine's zone.
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                ? withOffset
                : null;
        }
        catch (ArgumentException)
        {
            // Dates at the edge of the calendar can fall outside DateTimeOffset once the offset is applied.
            return null;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoStart();
}

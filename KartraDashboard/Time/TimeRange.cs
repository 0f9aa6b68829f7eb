using System.Globalization;

namespace KartraDashboard.Time;

/// <summary>
/// Reads the API's <c>from</c> and <c>to</c>: a bare date is that whole day in the dashboard's
/// zone (<c>to</c> inclusive), a date-time without offset is read in that zone, one with an
/// offset is taken as it is.
/// </summary>
public static class TimeRange
{
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    public static bool TryParse(string? from, string? to, TimeZoneInfo zone, out DateTimeOffset? start, out DateTimeOffset? end, out string? error)
    {
        start = end = null;
        error = null;
        if (!TryParseOne(from, zone, endOfDay: false, out start))
        {
            error = $"'from' is not a date or date-time: '{from}'. Use 2026-01-31 or 2026-01-31T14:00 (optionally with an offset).";
            return false;
        }
        if (!TryParseOne(to, zone, endOfDay: true, out end))
        {
            error = $"'to' is not a date or date-time: '{to}'. Use 2026-01-31 or 2026-01-31T14:00 (optionally with an offset).";
            return false;
        }
        if (start > end)
        {
            error = "'from' is after 'to'.";
            return false;
        }
        return true;
    }

    private static bool TryParseOne(string? text, TimeZoneInfo zone, bool endOfDay, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!TryRead(text, zone, endOfDay, out var read)) return false;
        value = read;
        return true;
    }

    // Far from the calendar's ends, so a day's neighbours and zone offsets always exist.
    private static bool InRange(int year) => year is >= 2 and <= 9998;

    private static bool TryRead(string text, TimeZoneInfo zone, bool endOfDay, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (!InRange(day.Year)) return false;
            value = endOfDay ? Days.End(day, zone) : Days.Start(day, zone);
            return true;
        }
        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (!InRange(local.Year)) return false;
            value = Days.Instant(local, zone);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset) && HasOffset(text))
        {
            if (!InRange(withOffset.Year)) return false;
            value = withOffset;
            return true;
        }
        return false;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');

}

using KartraDashboard.Ingestion;

namespace KartraDashboard.Storage;

/// <summary>The filters of an event list as the query string names them, read into an <see cref="EventQuery"/>.</summary>
public static class EventFilters
{
    /// <summary>The query (dates in <paramref name="zone"/>), or the reason one filter cannot be used.</summary>
    public static bool TryCreate(string? action, string? lead, string? from, string? to, string? subject, TimeZoneInfo zone,
        out EventQuery query, out string? error)
    {
        query = new EventQuery();
        if (!TimeRange.TryParse(from, to, zone, out var start, out var end, out error)) return false;
        if (!EventSubject.TryParseFilter(subject, out var about, out error)) return false;
        query = new EventQuery
        {
            Actions = (action ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Lead = string.IsNullOrWhiteSpace(lead) ? null : lead,
            From = start,
            To = end,
            Subject = about,
        };
        return true;
    }
}

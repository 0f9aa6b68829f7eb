using KartraDashboard.Ingestion;

namespace KartraDashboard.Components.Pages.Reports;

/// <summary>What both report pages read from their address: a kind of subject and a range of whole days.</summary>
internal static class ReportAddress
{
    public static bool TryRead(string kind, string? from, string? to, TimeZoneInfo zone, out DateOnly? first, out DateOnly? last, out string? error)
    {
        first = last = null;
        if (!EventSubject.Kinds.Contains(kind))
        {
            error = $"'{kind}' is not a kind of subject; use one of {string.Join(", ", EventSubject.Kinds)}.";
            return false;
        }
        if (!TimeRange.TryParse(from, to, zone, out var start, out var end, out error)) return false;
        first = start is { } s ? Days.Of(s, zone) : null;
        last = end is { } e ? Days.Of(e, zone) : null;
        return true;
    }
}

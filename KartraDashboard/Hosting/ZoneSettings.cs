using KartraDashboard.Ingestion;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Hosting;

/// <summary>The two time zones in use, resolved once at start.</summary>
public sealed class ZoneSettings(IOptions<KartraOptions> kartra, IOptions<DashboardOptions> dashboard)
{
    public TimeZoneInfo Kartra { get; } = TimeZoneInfo.FindSystemTimeZoneById(kartra.Value.TimeZone);

    public TimeZoneInfo Dashboard { get; } = TimeZoneInfo.FindSystemTimeZoneById(
        string.IsNullOrWhiteSpace(dashboard.Value.TimeZone) ? kartra.Value.TimeZone : dashboard.Value.TimeZone);

    /// <summary>
    /// The instant a wall-clock time names in a zone. A time skipped by a clock change moves on to
    /// the first one that exists; a time that happens twice is taken the first time.
    /// </summary>
    public static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        // Historic local mean times have offsets with seconds, which DateTimeOffset refuses.
        return new DateTimeOffset(local, TimeSpan.FromMinutes(Math.Truncate(offset.TotalMinutes)));
    }

    public static bool Exists(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return false;
        try { TimeZoneInfo.FindSystemTimeZoneById(id); return true; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return false; }
    }
}

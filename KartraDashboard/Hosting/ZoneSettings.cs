using KartraDashboard.Ingestion;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Hosting;

/// <summary>The two time zones in use, resolved once at start.</summary>
public sealed class ZoneSettings(IOptions<KartraOptions> kartra, IOptions<DashboardOptions> dashboard)
{
    public TimeZoneInfo Kartra { get; } = TimeZoneInfo.FindSystemTimeZoneById(kartra.Value.TimeZone);

    public TimeZoneInfo Dashboard { get; } = TimeZoneInfo.FindSystemTimeZoneById(
        string.IsNullOrWhiteSpace(dashboard.Value.TimeZone) ? kartra.Value.TimeZone : dashboard.Value.TimeZone);

    public static bool Exists(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return false;
        try { TimeZoneInfo.FindSystemTimeZoneById(id); return true; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return false; }
    }
}

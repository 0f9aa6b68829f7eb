namespace KartraDashboard.Time;

/// <summary>
/// The one place where instants, wall-clock times and days of a zone are turned into each other:
/// pages, the API's <c>from</c>/<c>to</c>, Kartra's dates and the kept day tallies all read it,
/// so a day's edges and a clock change are treated alike everywhere.
/// </summary>
public static class Days
{
    /// <summary>
    /// The smallest step between two stored times: LiteDB keeps dates to the millisecond, so the
    /// last millisecond of a day is the last instant any stored time can have in it.
    /// </summary>
    public static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(1);

    /// <summary>The day an instant falls on in a zone.</summary>
    public static DateOnly Of(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The day a stored time (UTC, whatever kind the database hands back) falls on in a zone.</summary>
    public static DateOnly Of(DateTime utc, TimeZoneInfo zone) =>
        Of(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);

    /// <summary>The first instant of a day: midnight, or when a clock change skips midnight, the first time after it.</summary>
    public static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone) => Instant(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The last instant of a day: one <see cref="Precision"/> before the next day starts (23 or 25 hours on a clock-change day).</summary>
    public static DateTimeOffset End(DateOnly day, TimeZoneInfo zone) => Start(day.AddDays(1), zone) - Precision;

    /// <summary>
    /// The instant a wall-clock time names in a zone. A time skipped by a clock change moves
    /// forward by the change's length (02:30 on a spring-forward night in New York is 03:30 EDT):
    /// it is read with the offset in force before the change. A time that happens twice is taken
    /// the first time (01:30 on a fall-back night in New York is 01:30 EDT).
    /// </summary>
    public static DateTimeOffset Instant(DateTime wallClock, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            var before = local;
            while (zone.IsInvalidTime(before)) before = before.AddMinutes(-15);
            offset = zone.GetUtcOffset(before);
        }
        else if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the one before the clocks went back, so the earlier instant.
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        // Historic local mean times have offsets with seconds, which DateTimeOffset refuses.
        return new DateTimeOffset(local, TimeSpan.FromMinutes(Math.Truncate(offset.TotalMinutes)));
    }
}

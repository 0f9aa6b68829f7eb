using System.Globalization;
using KartraDashboard.Time;

namespace KartraDashboard.Tests.Time;

/// <summary>Days and wall-clock times of a zone around both clock changes of 2024, worked out by hand from the zones' rules.</summary>
[Trait("Category", "Fast")]
public class DaysTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static DateTime Wall(string text) => DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    // New York springs forward at 02:00 EST on 10 March: 02:30 does not exist and moves on an hour, to 03:30 EDT.
    [InlineData("America/New_York", "2024-03-10 02:30", "2024-03-10T07:30:00.000Z")]
    [InlineData("America/New_York", "2024-03-10 02:00", "2024-03-10T07:00:00.000Z")]
    [InlineData("America/New_York", "2024-03-10 01:59", "2024-03-10T06:59:00.000Z")]
    [InlineData("America/New_York", "2024-03-10 03:00", "2024-03-10T07:00:00.000Z")]
    // It falls back at 02:00 EDT on 3 November: 01:30 happens twice, and the first time (EDT) is meant.
    [InlineData("America/New_York", "2024-11-03 01:30", "2024-11-03T05:30:00.000Z")]
    [InlineData("America/New_York", "2024-11-03 00:59", "2024-11-03T04:59:00.000Z")]
    [InlineData("America/New_York", "2024-11-03 02:00", "2024-11-03T07:00:00.000Z")]
    // Berlin springs forward at 02:00 CET on 31 March (02:30 is 03:30 CEST) and falls back at 03:00 CEST on 27 October.
    [InlineData("Europe/Berlin", "2024-03-31 02:30", "2024-03-31T01:30:00.000Z")]
    [InlineData("Europe/Berlin", "2024-03-31 03:00", "2024-03-31T01:00:00.000Z")]
    [InlineData("Europe/Berlin", "2024-10-27 02:30", "2024-10-27T00:30:00.000Z")]
    [InlineData("Europe/Berlin", "2024-10-27 03:00", "2024-10-27T02:00:00.000Z")]
    // Ordinary times, either side of the year.
    [InlineData("America/New_York", "2024-07-01 12:00", "2024-07-01T16:00:00.000Z")]
    [InlineData("Europe/Berlin", "2024-01-15 12:00", "2024-01-15T11:00:00.000Z")]
    public void A_wall_clock_time_names_one_instant(string zone, string wallClock, string expected)
    {
        Assert.Equal(Utc(expected), Days.Instant(Wall(wallClock), Zone(zone)));
    }

    [Fact]
    public void A_time_in_a_gap_lands_a_gaps_length_after_it_and_reads_back_as_that_later_time()
    {
        var newYork = Zone("America/New_York");

        var instant = Days.Instant(Wall("2024-03-10 02:30"), newYork);

        var local = TimeZoneInfo.ConvertTime(instant, newYork);
        Assert.Equal(Wall("2024-03-10 03:30"), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(-4), local.Offset);
    }

    [Theory]
    // Spring-forward days have 23 hours, fall-back days 25.
    [InlineData("America/New_York", "2024-03-10", "2024-03-10T05:00:00.000Z", "2024-03-11T03:59:59.999Z", 23)]
    [InlineData("America/New_York", "2024-11-03", "2024-11-03T04:00:00.000Z", "2024-11-04T04:59:59.999Z", 25)]
    [InlineData("Europe/Berlin", "2024-03-31", "2024-03-30T23:00:00.000Z", "2024-03-31T21:59:59.999Z", 23)]
    [InlineData("Europe/Berlin", "2024-10-27", "2024-10-26T22:00:00.000Z", "2024-10-27T22:59:59.999Z", 25)]
    [InlineData("America/New_York", "2024-07-01", "2024-07-01T04:00:00.000Z", "2024-07-02T03:59:59.999Z", 24)]
    // Santiago skips midnight itself on 8 September (00:00 becomes 01:00): the day starts at 01:00 -03.
    [InlineData("America/Santiago", "2024-09-08", "2024-09-08T04:00:00.000Z", "2024-09-09T02:59:59.999Z", 23)]
    public void A_day_runs_from_its_first_instant_to_its_last_millisecond(string zone, string day, string start, string end, int hours)
    {
        var tz = Zone(zone);

        Assert.Equal(Utc(start), Days.Start(Day(day), tz));
        Assert.Equal(Utc(end), Days.End(Day(day), tz));
        Assert.Equal(TimeSpan.FromHours(hours), Days.End(Day(day), tz) - Days.Start(Day(day), tz) + Days.Precision);
        // The day before ends right where this one starts.
        Assert.Equal(Utc(start) - TimeSpan.FromMilliseconds(1), Days.End(Day(day).AddDays(-1), tz));
    }

    [Theory]
    [InlineData("America/New_York", "2024-03-10T04:59:59.999Z", "2024-03-09")]
    [InlineData("America/New_York", "2024-03-10T05:00:00.000Z", "2024-03-10")]
    [InlineData("America/New_York", "2024-03-11T03:59:59.999Z", "2024-03-10")]
    [InlineData("America/New_York", "2024-03-11T04:00:00.000Z", "2024-03-11")]
    [InlineData("America/New_York", "2024-11-04T04:59:59.999Z", "2024-11-03")]
    [InlineData("America/New_York", "2024-11-04T05:00:00.000Z", "2024-11-04")]
    [InlineData("Europe/Berlin", "2024-03-30T22:59:59.999Z", "2024-03-30")]
    [InlineData("Europe/Berlin", "2024-03-30T23:00:00.000Z", "2024-03-31")]
    [InlineData("Europe/Berlin", "2024-10-27T22:59:59.999Z", "2024-10-27")]
    [InlineData("Europe/Berlin", "2024-10-27T23:00:00.000Z", "2024-10-28")]
    public void An_instant_falls_on_the_day_its_zone_shows_either_side_of_midnight(string zone, string instant, string day)
    {
        Assert.Equal(Day(day), Days.Of(Utc(instant), Zone(zone)));
        Assert.Equal(Day(day), Days.Of(Utc(instant).UtcDateTime, Zone(zone)));
    }

    [Fact]
    public void A_stored_time_of_unspecified_kind_is_read_as_UTC()
    {
        var stored = new DateTime(2024, 3, 10, 4, 59, 59, 999, DateTimeKind.Unspecified);

        Assert.Equal(Day("2024-03-09"), Days.Of(stored, Zone("America/New_York")));
        Assert.Equal(Day("2024-03-10"), Days.Of(stored, Zone("Europe/Berlin")));
    }
}

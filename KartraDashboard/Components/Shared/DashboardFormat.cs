using System.Globalization;
using KartraDashboard.Hosting;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Components.Shared;

/// <summary>How pages show times (in the dashboard's zone, the zone named) and amounts (with the configured currency).</summary>
public sealed class DashboardFormat(ZoneSettings zones, IOptions<DashboardOptions> options)
{
    private static readonly CultureInfo Numbers = CultureInfo.GetCultureInfo("en-US");

    public TimeZoneInfo Zone => zones.Dashboard;
    public string ZoneName => zones.Dashboard.Id;
    public string Currency => options.Value.Currency.Trim().ToUpperInvariant();

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zones.Dashboard);

    /// <summary>"2026-11-27 14:05:09" in the dashboard's zone.</summary>
    public string Time(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"2026-11-27 14:05:09 America/New_York".</summary>
    public string TimeWithZone(DateTimeOffset instant) => $"{Time(instant)} {ZoneName}";

    public DateOnly Today => Days.Of(DateTimeOffset.UtcNow, zones.Dashboard);

    public string Money(decimal amount)
    {
        var symbol = Currency switch { "USD" => "$", "EUR" => "€", "GBP" => "£", "JPY" => "¥", "INR" => "₹", _ => null };
        var sign = amount < 0 ? "-" : "";
        var digits = Math.Abs(amount).ToString("N2", Numbers);
        return symbol is null ? $"{sign}{digits} {Currency}" : $"{sign}{symbol}{digits}";
    }

    public string Money(decimal? amount) => amount is { } a ? Money(a) : "";

    public static string Count(long n) => n.ToString("N0", Numbers);
}

using KartraDashboard.Hosting;

namespace KartraDashboard.Storage;

/// <summary>Revenue reports: over all time from the figures kept in memory, over a range from the kept day tallies.</summary>
public sealed class RevenueReads(Database db, StoreWriter writer, ZoneSettings zones)
{
    /// <summary>Revenue over a time range, from the kept day tallies (see <see cref="DayTallies"/>), or over all time from memory.</summary>
    public RevenueReport Report(DateTimeOffset? from, DateTimeOffset? to, string currency)
    {
        if (from is null && to is null)
        {
            var (all, byDay) = writer.Revenue.Read();
            using var allRead = db.BeginRead();
            return all.ToReport(currency, byDay) with { Customers = CustomerCount.AllTime(db) };
        }
        using var read = db.BeginRead();
        var days = DayTallies.Of(db, zones.Dashboard, from, to);
        var total = new RevenueTally();
        foreach (var day in days.Values) total.Merge(day);
        return total.ToReport(currency, days.Where(d => !d.Value.IsEmpty).Select(d => d.Value.ToDay(d.Key)).ToList())
            with { Customers = CustomerCount.Between(db, zones.Dashboard, from, to) };
    }
}

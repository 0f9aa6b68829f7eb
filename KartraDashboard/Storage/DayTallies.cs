using LiteDB;
using T = KartraDashboard.Storage.Schema.Transactions;

namespace KartraDashboard.Storage;

/// <summary>Revenue figures of the days a time range covers, shared by the revenue report and the transaction counts.</summary>
internal static class DayTallies
{
    /// <summary>
    /// The tallies of the days a time range covers: whole days as kept on write; a range that
    /// starts or ends inside a day reads that day's part from the transactions index.
    /// </summary>
    public static SortedDictionary<DateOnly, RevenueTally> Of(Database db, TimeZoneInfo zone, DateTimeOffset? from, DateTimeOffset? to)
    {
        var days = new SortedDictionary<DateOnly, RevenueTally>();

        DateOnly? firstFull = from is { } f ? Days.Of(f, zone) : null;
        if (from is { } f2 && Days.Start(firstFull!.Value, zone) < f2) firstFull = firstFull.Value.AddDays(1);
        DateOnly? lastFull = to is { } t ? Days.Of(t, zone) : null;
        if (to is { } t2 && Days.End(lastFull!.Value, zone) > t2) lastFull = lastFull.Value.AddDays(-1);

        if (firstFull is { } a && lastFull is { } b && a > b)
        {
            AddTransactions(db, zone, days, from, to);
            return days;
        }

        // One range on the id: two conditions would read one from the index and load every later day to test the other.
        var range = Filter.Between(Schema.Id,
            firstFull is { } lo ? Keys.Day(lo) : BsonValue.MinValue, lastFull is { } hi ? Keys.Day(hi) : BsonValue.MaxValue);
        foreach (var doc in db.Collection(Schema.RevenueDays.Collection).Find(range))
            days[Keys.ParseDay(doc[Schema.Id].AsString)] = RevenueTally.FromBson(doc);
        if (from is { } start && firstFull is { } fd && Days.Start(fd, zone) > start) AddTransactions(db, zone, days, start, Days.End(fd.AddDays(-1), zone));
        if (to is { } end && lastFull is { } ld && Days.Start(ld.AddDays(1), zone) <= end) AddTransactions(db, zone, days, Days.Start(ld.AddDays(1), zone), end);
        return days;
    }

    private static void AddTransactions(Database db, TimeZoneInfo zone, SortedDictionary<DateOnly, RevenueTally> days, DateTimeOffset? from, DateTimeOffset? to)
    {
        foreach (var tx in TransactionIndex.Range(db, T.Date, null, from?.UtcDateTime ?? DateTime.MinValue, to?.UtcDateTime ?? DateTime.MaxValue, descending: false))
        {
            var day = Days.Of(Bson.Utc(tx[T.Date]), zone);
            if (!days.TryGetValue(day, out var tally)) days[day] = tally = new RevenueTally();
            tally.Add(tx);
        }
    }
}

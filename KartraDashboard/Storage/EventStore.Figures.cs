using System.Globalization;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using LiteDB;

namespace KartraDashboard.Storage;

public sealed partial class EventStore
{
    // ---- revenue ----

    /// <summary>
    /// Revenue over a time range: whole days come from the tallies kept per day; a range that
    /// starts or ends inside a day reads that day's part from the transactions index.
    /// </summary>
    public RevenueReport Revenue(DateTimeOffset? from, DateTimeOffset? to, string currency)
    {
        var zone = zones.Dashboard;
        var days = new SortedDictionary<DateOnly, RevenueTally>();

        DateOnly? firstFull = from is { } f ? DayOf(f, zone) : null;
        if (from is { } f2 && StartOf(firstFull!.Value, zone) < f2) firstFull = firstFull.Value.AddDays(1);
        DateOnly? lastFull = to is { } t ? DayOf(t, zone) : null;
        if (to is { } t2 && StartOf(lastFull!.Value.AddDays(1), zone).AddMilliseconds(-1) > t2) lastFull = lastFull.Value.AddDays(-1);

        if (firstFull is { } a && lastFull is { } b && a > b)
        {
            AddTransactions(days, from, to);
        }
        else
        {
            var query = new Query();
            if (firstFull is { } lo) query.Where.Add(Query.GTE("_id", Day(lo)));
            if (lastFull is { } hi) query.Where.Add(Query.LTE("_id", Day(hi)));
            foreach (var doc in db.Collection(Database.RevenueDays).Find(query))
                days[DateOnly.ParseExact(doc["_id"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture)] = RevenueTally.FromBson(doc);
            if (from is { } start && firstFull is { } fd && StartOf(fd, zone) > start) AddTransactions(days, start, StartOf(fd, zone).AddMilliseconds(-1));
            if (to is { } end && lastFull is { } ld && StartOf(ld.AddDays(1), zone) <= end) AddTransactions(days, StartOf(ld.AddDays(1), zone), end);
        }

        var total = new RevenueTally();
        foreach (var day in days.Values) total.Merge(day);
        return total.ToReport(currency, days.Where(d => !d.Value.IsEmpty).Select(d => d.Value.ToDay(d.Key)).ToList());
    }

    private void AddTransactions(SortedDictionary<DateOnly, RevenueTally> days, DateTimeOffset? from, DateTimeOffset? to)
    {
        foreach (var tx in TransactionDocs(from, to, descending: false))
        {
            var day = DayOf(EventDocs.Utc(tx["date"]), zones.Dashboard);
            if (!days.TryGetValue(day, out var tally)) days[day] = tally = new RevenueTally();
            tally.Add(tx);
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first instant of a day in a zone (midnight, or the first hour after a DST gap).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    // ---- GDPR ----

    public GdprReport Gdpr()
    {
        var c = Counters;
        var byStatus = Enumerable.Range(0, GdprLabels.All.Count)
            .Select(s => new GdprStatusCount(s, GdprLabels.Of(s), c.Gdpr.GetValueOrDefault(Counters.GdprKey(s))))
            .ToList();
        var known = byStatus.Sum(s => s.Leads);
        return new GdprReport(
            byStatus,
            c.Gdpr.Values.Sum() - known,
            new GdprCommunications(
                c.Communications.GetValueOrDefault("agreed"),
                c.Communications.GetValueOrDefault("notAgreed"),
                c.Communications.GetValueOrDefault("unknown")));
    }

    // ---- transactions ----

    private IEnumerable<BsonDocument> TransactionDocs(DateTimeOffset? from, DateTimeOffset? to, bool descending)
    {
        var query = new Query { OrderBy = "$.date", Order = descending ? Query.Descending : Query.Ascending };
        query.Where.Add(Query.Between("date", from?.UtcDateTime ?? DateTime.MinValue, to?.UtcDateTime ?? DateTime.MaxValue));
        return TransactionDocuments.Find(query);
    }

    /// <summary>Transactions in a date range (by the date index), narrowed by type, lead and product.</summary>
    public IEnumerable<TransactionRow> StreamTransactions(TransactionQuery q, bool newestFirst)
    {
        HashSet<string>? leads = string.IsNullOrWhiteSpace(q.Lead) ? null : MatchLeads(q.Lead).ToHashSet(StringComparer.Ordinal);
        var type = string.IsNullOrWhiteSpace(q.Type) ? null : q.Type.Trim();
        var product = string.IsNullOrWhiteSpace(q.Product) ? null : q.Product.Trim();
        return TransactionDocs(q.From, q.To, newestFirst)
            .Where(d => type is null || d["type"].AsString == type)
            .Where(d => leads is null || (d["lead"].IsString && leads.Contains(d["lead"].AsString)))
            .Where(d => product is null || EventDocs.Str(d["productId"]) == product
                        || (d["productName"].IsString && d["productName"].AsString.Contains(product, StringComparison.OrdinalIgnoreCase)))
            .Select(EventDocs.ToTransaction);
    }

    public Page<TransactionRow> Transactions(TransactionQuery q)
    {
        var take = Math.Clamp(q.Take, 0, 500);
        var items = new List<TransactionRow>(take);
        long total = 0;
        foreach (var row in StreamTransactions(q, newestFirst: true))
        {
            if (total >= q.Skip && items.Count < take) items.Add(row);
            total++;
        }
        return new Page<TransactionRow>(total, items);
    }

    // ---- quarantine ----

    public Page<QuarantineItem> Quarantined(int skip, int take)
    {
        var query = new Query { OrderBy = "$._id", Order = Query.Descending, Offset = Math.Max(0, skip), Limit = Math.Clamp(take, 0, 500) };
        return new Page<QuarantineItem>(Counters.LastQuarantineId,
            db.Collection(Database.Quarantine).Find(query).Select(EventDocs.ToQuarantine).ToList());
    }

    /// <summary>The raw bytes of a quarantined body and the event it became, if it was re-processed.</summary>
    public (byte[] Body, string? ReprocessedAs)? QuarantinedRaw(long id)
    {
        var doc = db.Collection(Database.Quarantine).FindById(id);
        if (doc is null) return null;
        return (RawBody.Decompress(doc["z"].AsBinary, doc["len"].AsInt32), EventDocs.ToQuarantine(doc).ReprocessedAs);
    }

    public QuarantineDetail? QuarantinedBody(long id)
    {
        var doc = db.Collection(Database.Quarantine).FindById(id);
        if (doc is null) return null;
        var (text, encoding) = RawBody.AsText(RawBody.Decompress(doc["z"].AsBinary, doc["len"].AsInt32));
        return new QuarantineDetail(EventDocs.ToQuarantine(doc), text, encoding);
    }
}

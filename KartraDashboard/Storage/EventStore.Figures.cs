using System.Globalization;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using LiteDB;

namespace KartraDashboard.Storage;

public sealed partial class EventStore
{
    // ---- revenue ----

    /// <summary>Revenue over a time range, from the kept day tallies (see <see cref="Tallies"/>).</summary>
    public RevenueReport Revenue(DateTimeOffset? from, DateTimeOffset? to, string currency)
    {
        var days = Tallies(from, to);
        var total = new RevenueTally();
        foreach (var day in days.Values) total.Merge(day);
        return total.ToReport(currency, days.Where(d => !d.Value.IsEmpty).Select(d => d.Value.ToDay(d.Key)).ToList());
    }

    /// <summary>
    /// The tallies of the days a time range covers: whole days as kept on write; a range that
    /// starts or ends inside a day reads that day's part from the transactions index.
    /// </summary>
    private SortedDictionary<DateOnly, RevenueTally> Tallies(DateTimeOffset? from, DateTimeOffset? to)
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
            return days;
        }

        var query = new Query();
        if (firstFull is { } lo) query.Where.Add(Query.GTE("_id", Keys.Day(lo)));
        if (lastFull is { } hi) query.Where.Add(Query.LTE("_id", Keys.Day(hi)));
        foreach (var doc in db.Collection(Database.RevenueDays).Find(query))
            days[DateOnly.ParseExact(doc["_id"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture)] = RevenueTally.FromBson(doc);
        if (from is { } start && firstFull is { } fd && StartOf(fd, zone) > start) AddTransactions(days, start, StartOf(fd, zone).AddMilliseconds(-1));
        if (to is { } end && lastFull is { } ld && StartOf(ld.AddDays(1), zone) <= end) AddTransactions(days, StartOf(ld.AddDays(1), zone), end);
        return days;
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

    public static DateOnly DayOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first instant of a day in a zone (midnight, or the first time after a clock change skips it).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => ZoneSettings.Instant(day.ToDateTime(TimeOnly.MinValue), zone);

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

    private IEnumerable<BsonDocument> TransactionDocs(DateTimeOffset? from, DateTimeOffset? to, bool descending, string? type = null)
    {
        var lo = from?.UtcDateTime ?? DateTime.MinValue;
        var hi = to?.UtcDateTime ?? DateTime.MaxValue;
        var (field, start, end) = type is null
            ? ("date", new BsonValue(lo), new BsonValue(hi))
            : ("tk", new BsonValue(Ledger.TransactionKey(type, lo)), new BsonValue(Ledger.TransactionKey(type, hi)));
        var query = new Query { OrderBy = "$." + field, Order = descending ? Query.Descending : Query.Ascending };
        query.Where.Add(Query.Between(field, start, end));
        return TransactionDocuments.Find(query);
    }

    /// <summary>
    /// Transactions a query selects, read by the narrowest index: the matched leads' own
    /// transactions, else the matched products' ranges, else one type's range, else the date range.
    /// </summary>
    public IEnumerable<TransactionRow> StreamTransactions(TransactionQuery q, bool newestFirst)
    {
        var type = string.IsNullOrWhiteSpace(q.Type) ? null : q.Type.Trim();
        var product = string.IsNullOrWhiteSpace(q.Product) ? null : q.Product.Trim();
        var from = q.From?.UtcDateTime ?? DateTime.MinValue;
        var to = q.To?.UtcDateTime ?? DateTime.MaxValue;
        IEnumerable<BsonDocument> docs;
        if (!string.IsNullOrWhiteSpace(q.Lead))
        {
            var products = product is null ? null : MatchProducts(product);
            docs = Ordered(MatchLeads(q.Lead)
                .SelectMany(id => TransactionDocuments.Find(Query.EQ("lead", id)))
                .Where(d => d["date"].AsDateTime >= from && d["date"].AsDateTime <= to && (type is null || d["type"].AsString == type))
                .Where(d => products is null || products.Contains(d["product"].AsString)), newestFirst);
        }
        else if (product is not null)
        {
            docs = Ordered(MatchProducts(product)
                .SelectMany(key => TransactionDocuments.Find(Query.Between("pk", Keys.Dated(key, from), Keys.Dated(key, to))))
                .Where(d => type is null || d["type"].AsString == type), newestFirst);
        }
        else docs = TransactionDocs(q.From, q.To, newestFirst, type);
        return docs.Select(EventDocs.ToTransaction);
    }

    private static IEnumerable<BsonDocument> Ordered(IEnumerable<BsonDocument> docs, bool newestFirst) =>
        newestFirst ? docs.OrderByDescending(d => d["date"].AsDateTime) : docs.OrderBy(d => d["date"].AsDateTime);

    /// <summary>Keys of the products a filter names: an id exactly, or a part of a name.</summary>
    private HashSet<string> MatchProducts(string text) =>
        db.Collection(Database.Products).FindAll()
            .Where(p => EventDocs.Str(p["id"]) == text || (p["name"].IsString && p["name"].AsString.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .Select(p => p["_id"].AsString)
            .ToHashSet(StringComparer.Ordinal);

    public Page<TransactionRow> Transactions(TransactionQuery q)
    {
        var take = Math.Clamp(q.Take, 0, 500);
        var skip = Math.Max(0, q.Skip);
        // Without a lead or product filter the size comes from the kept day tallies; with one, the
        // filtered set is counted as it is read (from the lead's or the products' own index ranges).
        if (string.IsNullOrWhiteSpace(q.Lead) && string.IsNullOrWhiteSpace(q.Product))
        {
            var tally = new RevenueTally();
            foreach (var day in Tallies(q.From, q.To).Values) tally.Merge(day);
            var total = string.IsNullOrWhiteSpace(q.Type) ? tally.Types.Values.Sum() : tally.Types.GetValueOrDefault(q.Type.Trim());
            return new Page<TransactionRow>(total, StreamTransactions(q, newestFirst: true).Skip(skip).Take(take).ToList());
        }
        var items = new List<TransactionRow>(take);
        long count = 0;
        foreach (var row in StreamTransactions(q, newestFirst: true))
        {
            if (count >= skip && items.Count < take) items.Add(row);
            count++;
        }
        return new Page<TransactionRow>(count, items);
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

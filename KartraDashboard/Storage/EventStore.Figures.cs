using System.Globalization;
using KartraDashboard.Ingestion;
using LiteDB;
using T = KartraDashboard.Storage.Schema.Transactions;
using Q = KartraDashboard.Storage.Schema.Quarantine;

namespace KartraDashboard.Storage;

public sealed partial class EventStore
{
    // ---- revenue ----

    /// <summary>Revenue over a time range, from the kept day tallies (see <see cref="Tallies"/>), or over all time from memory.</summary>
    public RevenueReport Revenue(DateTimeOffset? from, DateTimeOffset? to, string currency)
    {
        if (from is null && to is null)
        {
            var (all, byDay) = writer.Revenue.Read();
            return all.ToReport(currency, byDay);
        }
        using var read = db.BeginRead();
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

        DateOnly? firstFull = from is { } f ? Days.Of(f, zone) : null;
        if (from is { } f2 && Days.Start(firstFull!.Value, zone) < f2) firstFull = firstFull.Value.AddDays(1);
        DateOnly? lastFull = to is { } t ? Days.Of(t, zone) : null;
        if (to is { } t2 && Days.End(lastFull!.Value, zone) > t2) lastFull = lastFull.Value.AddDays(-1);

        if (firstFull is { } a && lastFull is { } b && a > b)
        {
            AddTransactions(days, from, to);
            return days;
        }

        var query = new Query();
        if (firstFull is { } lo) query.Where.Add(Query.GTE(Schema.Id, Keys.Day(lo)));
        if (lastFull is { } hi) query.Where.Add(Query.LTE(Schema.Id, Keys.Day(hi)));
        foreach (var doc in db.Collection(Schema.RevenueDays.Collection).Find(query))
            days[DateOnly.ParseExact(doc[Schema.Id].AsString, Keys.DayFormat, CultureInfo.InvariantCulture)] = RevenueTally.FromBson(doc);
        if (from is { } start && firstFull is { } fd && Days.Start(fd, zone) > start) AddTransactions(days, start, Days.End(fd.AddDays(-1), zone));
        if (to is { } end && lastFull is { } ld && Days.Start(ld.AddDays(1), zone) <= end) AddTransactions(days, Days.Start(ld.AddDays(1), zone), end);
        return days;
    }

    private void AddTransactions(SortedDictionary<DateOnly, RevenueTally> days, DateTimeOffset? from, DateTimeOffset? to)
    {
        foreach (var tx in Range(T.Date, null, from?.UtcDateTime ?? DateTime.MinValue, to?.UtcDateTime ?? DateTime.MaxValue, descending: false))
        {
            var day = Days.Of(Bson.Utc(tx[T.Date]), zones.Dashboard);
            if (!days.TryGetValue(day, out var tally)) days[day] = tally = new RevenueTally();
            tally.Add(tx);
        }
    }

    // ---- GDPR ----

    public GdprReport Gdpr()
    {
        var c = Totals;
        var byStatus = Enumerable.Range(0, GdprLabels.All.Count)
            .Select(s => new GdprStatusCount(s, GdprLabels.Of(s), c.Gdpr.GetValueOrDefault(Counters.GdprKey(s))))
            .ToList();
        var known = byStatus.Sum(s => s.Leads);
        return new GdprReport(
            byStatus,
            c.Gdpr.Values.Sum() - known,
            new GdprCommunications(
                c.Communications.GetValueOrDefault(Counters.Agreed),
                c.Communications.GetValueOrDefault(Counters.NotAgreed),
                c.Communications.GetValueOrDefault(Counters.Unknown)));
    }

    // ---- transactions ----

    /// <summary>
    /// Transactions a query selects between two instants, in date order, read by the narrowest
    /// index: the named leads' own transactions, else the matched products' ranges, else one
    /// type's range, else the date range. Several sources are merged as they are read. Lazy over
    /// LiteDB queries: callers inside the store materialise it before they return.
    /// </summary>
    private IEnumerable<BsonDocument> TransactionDocs(TransactionQuery q, DateTime from, DateTime to, bool newestFirst)
    {
        var type = string.IsNullOrWhiteSpace(q.Type) ? null : q.Type.Trim();
        var product = string.IsNullOrWhiteSpace(q.Product) ? null : q.Product.Trim();
        bool InRange(BsonDocument d) => d[T.Date].AsDateTime >= from && d[T.Date].AsDateTime <= to;
        if (!string.IsNullOrWhiteSpace(q.Lead))
        {
            // A lead's transactions are few: each lead's are read whole and put in order.
            var products = product is null ? null : MatchProducts(product);
            return MergeByDate(LeadsNamed(q.Lead).Select(id => Ordered(
                TransactionDocuments.Find(Query.EQ(T.Lead, id))
                    .Where(d => d[T.Lead].AsString == id && InRange(d) && (type is null || d[T.Type].AsString == type))
                    .Where(d => products is null || products.Contains(d[T.Product].AsString)), newestFirst)), newestFirst);
        }
        if (product is not null)
            return MergeByDate(MatchProducts(product).Select(key =>
                Range(T.ProductKey, key, Keys.Dated(key, from), Keys.Dated(key, to), newestFirst)
                    .Where(d => type is null || d[T.Type].AsString == type)), newestFirst);
        if (type is not null)
            return Range(T.TypeKey, RevenueTally.TypeKey(type), Ledger.TransactionKey(type, from), Ledger.TransactionKey(type, to), newestFirst)
                .Where(d => d[T.Type].AsString == type);
        return Range(T.Date, null, from, to, newestFirst);
    }

    /// <summary>An index range of transactions in key order; a grouped range takes only its group's keys.</summary>
    private IEnumerable<BsonDocument> Range(string field, string? group, BsonValue lo, BsonValue hi, bool descending)
    {
        var query = new Query { OrderBy = "$." + field, Order = descending ? Query.Descending : Query.Ascending };
        query.Where.Add(Query.Between(field, lo, hi));
        var docs = TransactionDocuments.Find(query);
        return group is null ? docs : docs.Where(d => Keys.IsIn(d[field].AsString, group));
    }

    private static IEnumerable<BsonDocument> Ordered(IEnumerable<BsonDocument> docs, bool newestFirst) =>
        newestFirst ? docs.OrderByDescending(d => d[T.Date].AsDateTime) : docs.OrderBy(d => d[T.Date].AsDateTime);

    /// <summary>Merges sources that are each in date order into one, reading each only as far as needed.</summary>
    private static IEnumerable<BsonDocument> MergeByDate(IEnumerable<IEnumerable<BsonDocument>> sources, bool newestFirst)
    {
        var readers = new List<IEnumerator<BsonDocument>>();
        try
        {
            var next = new PriorityQueue<IEnumerator<BsonDocument>, long>();
            foreach (var source in sources)
            {
                var reader = source.GetEnumerator();
                readers.Add(reader);
                if (reader.MoveNext()) next.Enqueue(reader, Order(reader.Current));
            }
            while (next.TryDequeue(out var reader, out _))
            {
                yield return reader.Current;
                if (reader.MoveNext()) next.Enqueue(reader, Order(reader.Current));
            }
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }

        long Order(BsonDocument d) => newestFirst ? -d[T.Date].AsDateTime.Ticks : d[T.Date].AsDateTime.Ticks;
    }

    /// <summary>
    /// Keys of the products a filter names: the product with exactly that id alone (as a lead id
    /// names that lead alone), else those whose name holds the text. Products are few.
    /// </summary>
    private HashSet<string> MatchProducts(string text)
    {
        var products = db.Collection(Schema.Products.Collection).FindAll().ToList();
        var byId = products.Where(p => Bson.Str(p[Schema.Products.ProductId]) == text).ToList();
        var named = byId.Count > 0 ? byId : products.Where(p => p[Schema.Products.Name].IsString && p[Schema.Products.Name].AsString.Contains(text, StringComparison.OrdinalIgnoreCase));
        return named.Select(p => p[Schema.Id].AsString).ToHashSet(StringComparer.Ordinal);
    }

    public Page<TransactionRow> Transactions(TransactionQuery q)
    {
        using var read = db.BeginRead();
        var take = Math.Clamp(q.Take, 0, 500);
        var skip = Math.Max(0, q.Skip);
        var docs = TransactionDocs(q, q.From?.UtcDateTime ?? DateTime.MinValue, q.To?.UtcDateTime ?? DateTime.MaxValue, newestFirst: true);
        // Without a lead or product filter the size comes from the kept day tallies; with one, the
        // filtered set is counted as it is read (from the lead's or the products' own index ranges).
        if (string.IsNullOrWhiteSpace(q.Lead) && string.IsNullOrWhiteSpace(q.Product))
        {
            var type = string.IsNullOrWhiteSpace(q.Type) ? null : q.Type.Trim();
            long total;
            if (q.From is null && q.To is null) total = writer.Revenue.Count(type);
            else
            {
                var tally = new RevenueTally();
                foreach (var day in Tallies(q.From, q.To).Values) tally.Merge(day);
                total = type is null ? tally.Types.Values.Sum() : tally.Types.GetValueOrDefault(type);
            }
            return new Page<TransactionRow>(total, docs.Skip(skip).Take(take).Select(EventDocs.ToTransaction).ToList());
        }
        var items = new List<TransactionRow>(take);
        long count = 0;
        foreach (var doc in docs)
        {
            if (count >= skip && items.Count < take) items.Add(EventDocs.ToTransaction(doc));
            count++;
        }
        return new Page<TransactionRow>(count, items);
    }

    /// <summary>
    /// The next chunk of the transactions a query selects, in date order, read whole before it
    /// returns (see <see cref="Chunks"/>): an export reads chunk after chunk, awaiting its writes
    /// in between, and never holds a LiteDB query open across an await.
    /// </summary>
    public Chunk<TransactionRow, DateCursor> ReadTransactions(TransactionQuery q, bool newestFirst, DateCursor? after, int size)
    {
        using var read = db.BeginRead();
        var from = q.From?.UtcDateTime ?? DateTime.MinValue;
        var to = q.To?.UtcDateTime ?? DateTime.MaxValue;
        if (after is { } cursor)
        {
            if (newestFirst) to = cursor.Date < to ? cursor.Date : to;
            else from = cursor.Date > from ? cursor.Date : from;
        }
        var docs = TransactionDocs(q, from, to, newestFirst)
            .Where(d => after is null || !after.Has(d[T.Date].AsDateTime, d[Schema.Id].AsString))
            .Take(size)
            .ToList();
        var rows = docs.Select(EventDocs.ToTransaction).ToList();
        return new Chunk<TransactionRow, DateCursor>(rows, docs.Count < size ? null : DateCursor.After(after, docs.Select(d => (d[T.Date].AsDateTime, d[Schema.Id].AsString))));
    }

    // ---- quarantine ----

    public Page<QuarantineItem> Quarantined(int skip, int take)
    {
        using var read = db.BeginRead();
        var query = new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending, Offset = Math.Max(0, skip), Limit = Math.Clamp(take, 0, 500) };
        return new Page<QuarantineItem>(Totals.LastQuarantineId,
            db.Collection(Schema.Quarantine.Collection).Find(query).Select(EventDocs.ToQuarantine).ToList());
    }

    /// <summary>The raw bytes of a quarantined body and the event it became, if it was re-processed.</summary>
    public (byte[] Body, string? ReprocessedAs)? QuarantinedRaw(long id)
    {
        using var read = db.BeginRead();
        var doc = db.Collection(Schema.Quarantine.Collection).FindById(id);
        if (doc is null) return null;
        return (RawBody.Decompress(doc[Q.Body].AsBinary, doc[Q.BodyLength].AsInt32), EventDocs.ToQuarantine(doc).ReprocessedAs);
    }

    public QuarantineDetail? QuarantinedBody(long id)
    {
        using var read = db.BeginRead();
        var doc = db.Collection(Schema.Quarantine.Collection).FindById(id);
        if (doc is null) return null;
        var (text, encoding) = RawBody.AsText(RawBody.Decompress(doc[Q.Body].AsBinary, doc[Q.BodyLength].AsInt32));
        return new QuarantineDetail(EventDocs.ToQuarantine(doc), text, encoding);
    }
}

using KartraDashboard.Hosting;
using LiteDB;
using T = KartraDashboard.Storage.Schema.Transactions;

namespace KartraDashboard.Storage;

/// <summary>
/// Reads of transactions by the narrowest index: a lead's own, a product's date range, a type's
/// date range, or the date range. A list without a lead or product filter is sized by the kept
/// tallies; with one, the filtered set is counted as it is read. Exports read it in chunks.
/// </summary>
public sealed class TransactionReads(Database db, StoreWriter writer, ZoneSettings zones)
{
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
            var products = product is null ? null : TransactionIndex.MatchProducts(db, product);
            return TransactionIndex.MergeByDate(LeadLookup.Named(db, q.Lead).Select(id => TransactionIndex.Ordered(
                db.Collection(T.Collection).Find(Filter.Eq(T.Lead, id))
                    .Where(d => d[T.Lead].AsString == id && InRange(d) && (type is null || d[T.Type].AsString == type))
                    .Where(d => products is null || products.Contains(d[T.Product].AsString)), newestFirst)), newestFirst);
        }
        if (product is not null)
            return TransactionIndex.MergeByDate(TransactionIndex.MatchProducts(db, product).Select(key =>
                TransactionIndex.Range(db, T.ProductKey, key, Keys.Dated(key, from), Keys.Dated(key, to), newestFirst)
                    .Where(d => type is null || d[T.Type].AsString == type)), newestFirst);
        if (type is not null)
            return TransactionIndex.Range(db, T.TypeKey, RevenueTally.TypeKey(type), Ledger.TransactionKey(type, from), Ledger.TransactionKey(type, to), newestFirst)
                .Where(d => d[T.Type].AsString == type);
        return TransactionIndex.Range(db, T.Date, null, from, to, newestFirst);
    }

    public Page<TransactionRow> List(TransactionQuery q)
    {
        using var read = db.BeginRead();
        var take = Paging.Take(q.Take);
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
                foreach (var day in DayTallies.Of(db, zones.Dashboard, q.From, q.To).Values) tally.Merge(day);
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
    public Chunk<TransactionRow, DateCursor> ReadChunk(TransactionQuery q, bool newestFirst, DateCursor? after, int size)
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
}

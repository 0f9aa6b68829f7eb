using LiteDB;
using T = KartraDashboard.Storage.Schema.Transactions;

namespace KartraDashboard.Storage;

/// <summary>Reads of the transactions' indexes, shared by the transaction list and the day tallies.</summary>
internal static class TransactionIndex
{
    /// <summary>An index range of transactions in key order; a grouped range takes only its group's keys.</summary>
    public static IEnumerable<BsonDocument> Range(Database db, string field, string? group, BsonValue lo, BsonValue hi, bool descending)
    {
        var query = new Query { OrderBy = "$." + field, Order = descending ? Query.Descending : Query.Ascending };
        query.Where.Add(Filter.Between(field, lo, hi));
        var docs = db.Collection(T.Collection).Find(query);
        return group is null ? docs : docs.Where(d => Keys.IsIn(d[field].AsString, group));
    }

    public static IEnumerable<BsonDocument> Ordered(IEnumerable<BsonDocument> docs, bool newestFirst) =>
        newestFirst ? docs.OrderByDescending(d => d[T.Date].AsDateTime) : docs.OrderBy(d => d[T.Date].AsDateTime);

    /// <summary>Merges sources that are each in date order into one, reading each only as far as needed.</summary>
    public static IEnumerable<BsonDocument> MergeByDate(IEnumerable<IEnumerable<BsonDocument>> sources, bool newestFirst)
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
    public static HashSet<string> MatchProducts(Database db, string text)
    {
        var products = db.Collection(Schema.Products.Collection).FindAll().ToList();
        var byId = products.Where(p => Bson.Str(p[Schema.Products.ProductId]) == text).ToList();
        var named = byId.Count > 0 ? byId : products.Where(p => p[Schema.Products.Name].IsString && p[Schema.Products.Name].AsString.Contains(text, StringComparison.OrdinalIgnoreCase));
        return named.Select(p => p[Schema.Id].AsString).ToHashSet(StringComparer.Ordinal);
    }
}

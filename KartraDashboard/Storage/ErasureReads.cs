using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>Reads of the erasure log, newest first; its size is the newest entry's number, since entries are never removed.</summary>
public sealed class ErasureReads(Database db)
{
    public Page<ErasureItem> List(int skip, int take)
    {
        using var read = db.BeginRead();
        var erasures = db.Collection(Schema.Erasures.Collection);
        var query = new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending, Offset = Math.Max(0, skip), Limit = Paging.Take(take) };
        var total = erasures.Find(new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending, Limit = 1 }).FirstOrDefault() is { } newest ? newest[Schema.Id].AsInt64 : 0;
        return new Page<ErasureItem>(total, erasures.Find(query).Select(d => new ErasureItem(
            d[Schema.Erasures.Lead].AsString,
            Bson.Utc(d[Schema.Erasures.At]),
            d[Schema.Erasures.Events].AsInt32,
            d[Schema.Erasures.Transactions].AsInt32,
            d[Schema.Erasures.Quarantined].AsInt32)).ToList());
    }
}

/// <summary>One entry of the erasure log.</summary>
public sealed record ErasureItem(string LeadId, DateTimeOffset At, int Events, int Transactions, int Quarantined);

using LiteDB;
using Q = KartraDashboard.Storage.Schema.Quarantine;

namespace KartraDashboard.Storage;

/// <summary>Reads of the bodies kept in quarantine.</summary>
public sealed class QuarantineReads(Database db, StoreWriter writer)
{
    public Page<QuarantineItem> List(int skip, int take)
    {
        using var read = db.BeginRead();
        var query = new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending, Offset = Math.Max(0, skip), Limit = Paging.Take(take) };
        return new Page<QuarantineItem>(writer.Totals.Quarantined,
            db.Collection(Schema.Quarantine.Collection).Find(query).Select(EventDocs.ToQuarantine).ToList());
    }

    /// <summary>The raw bytes of a quarantined body and the event it became, if it was re-processed.</summary>
    public (byte[] Body, string? ReprocessedAs)? Raw(long id)
    {
        using var read = db.BeginRead();
        var doc = db.Collection(Schema.Quarantine.Collection).FindById(id);
        if (doc is null) return null;
        return (RawBody.Decompress(doc[Q.Body].AsBinary, doc[Q.BodyLength].AsInt32), EventDocs.ToQuarantine(doc).ReprocessedAs);
    }

    public QuarantineDetail? Detail(long id)
    {
        using var read = db.BeginRead();
        var doc = db.Collection(Schema.Quarantine.Collection).FindById(id);
        if (doc is null) return null;
        var (text, encoding) = RawBody.AsText(RawBody.Decompress(doc[Q.Body].AsBinary, doc[Q.BodyLength].AsInt32));
        return new QuarantineDetail(EventDocs.ToQuarantine(doc), text, encoding);
    }
}

using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using O = KartraDashboard.Storage.Schema.Ownership;

namespace KartraDashboard.Storage;

/// <summary>
/// Retention: raw bodies, or whole events, older than a cut-off are removed in small batches,
/// oldest first (each batch one short writer job). Figures kept on write (revenue, subjects,
/// GDPR, leads and their totals) stay as they were. Events go in id order, so what remains is a
/// contiguous tail of every list and the ordinals at its ends still give its size.
/// </summary>
internal sealed partial class Ledger
{
    /// <summary>Removes the raw bodies of up to <paramref name="batch"/> events received before <paramref name="before"/>; 0 once none is left.</summary>
    public int RemoveBodies(DateTime before, int batch)
    {
        var done = _meta.FindById(O.BodiesRemovedThrough) is { } progress ? progress[Schema.Meta.Value].AsInt64 : 0;
        var docs = _events.Find(Filter.Gt(Schema.Id, done), 0, batch).ToList();
        var removed = 0;
        foreach (var doc in docs)
        {
            if (doc[E.At].AsDateTime >= before) break;
            done = doc[Schema.Id].AsInt64;
            if (Bson.Flag(doc[O.BodyRemoved])) continue;
            doc.Remove(E.Body);
            doc.Remove(E.BodyLength);
            doc[O.BodyRemoved] = true;
            _events.Update(doc);
            removed++;
        }
        _meta.Upsert(new BsonDocument { [Schema.Id] = O.BodiesRemovedThrough, [Schema.Meta.Value] = done });
        // A batch of bodies already gone still moves on, so a call says 0 only at the cut-off.
        return docs.Count > 0 && docs[0][E.At].AsDateTime < before ? Math.Max(removed, 1) : 0;
    }

    /// <summary>Removes up to <paramref name="batch"/> whole events received before <paramref name="before"/>, oldest first; 0 once none is left.</summary>
    public int RemoveEvents(DateTime before, int batch)
    {
        var docs = _events.Find(Query.All(Schema.Id), 0, batch).ToList();
        var removed = 0;
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            if (doc[E.At].AsDateTime >= before) break;
            _events.Delete(doc[Schema.Id]);
            ForgetForwards(doc);
            NoteListed(doc, listed);
            Counters.Events--;
            removed++;
        }
        DropRemovedLists(listed);
        return removed;
    }
}

using System.Text.Json.Nodes;
using LiteDB;
using L = KartraDashboard.Storage.Schema.Leads;

namespace KartraDashboard.Storage;

/// <summary>
/// Reads of leads: the list by latest activity or by GDPR status (see <see cref="LeadOrder"/>;
/// sized by kept totals), a text search (which reads the search index's keys alone: it grows with the leads),
/// one lead with what its events imply, new leads per day, and the GDPR breakdown from kept totals.
/// </summary>
public sealed partial class LeadReads(Database db, StoreWriter writer, EventReads events, SubjectReads subjects)
{
    private ILiteCollection<BsonDocument> LeadDocuments => db.Collection(L.Collection);

    public Page<LeadItem> List(LeadQuery q)
    {
        using var read = db.BeginRead();
        var take = Paging.Take(q.Take);
        var skip = Math.Max(0, q.Skip);
        if (!q.Filters.IsNone) return Filtered(q, skip, take);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            // The matches are counted from the search index's keys alone; a page of them by latest
            // activity is read as for any other group of leads (see LeadOrder).
            var search = LeadLookup.Search.For(db, q.Search);
            if (q.Gdpr is null && LeadOrder.AlongLatest(search.Count, writer.Totals.Leads, skip, take))
                return new Page<LeadItem>(search.Count, Sorted(L.Last, descending: true, 0, int.MaxValue).Where(search.Has).Skip(skip).Take(take).Select(EventDocs.ToLead).ToList());
            return OrderedInMemory(search.Leads(db).Where(d => q.Gdpr is null || Bson.Int(d[L.Gdpr]) == q.Gdpr), L.Last, descending: true, skip, take);
        }
        if (q.Deleted)
        {
            var deleted = new Query { OrderBy = "$." + Schema.DeletedLeads.Last, Order = Query.Descending, Offset = skip, Limit = take };
            var ids = db.Collection(Schema.DeletedLeads.Collection).Find(deleted).Select(d => d[Schema.Id].AsString).ToList();
            return new Page<LeadItem>(writer.Totals.DeletedLeads,
                ids.Select(id => LeadLookup.Exact(db, id)).OfType<BsonDocument>().Select(EventDocs.ToLead).ToList());
        }
        if (q.Gdpr is { } status)
        {
            var group = Counters.GdprKey(status);
            var members = writer.Totals.Gdpr.GetValueOrDefault(group);
            if (!LeadOrder.AlongLatest(members, writer.Totals.Leads, skip, take))
                return OrderedInMemory(LeadDocuments.Find(Filter.Between(L.GdprKey, Keys.Lowest(group), Keys.Highest(group))).Where(d => Keys.IsIn(d[L.GdprKey].AsString, group)), L.Last, descending: true, skip, take);
            var page = LeadDocuments.Find(Query.All(L.Last, Query.Descending)).Where(d => Keys.IsIn(Bson.Str(d[L.GdprKey]) ?? "", group)).Skip(skip).Take(take);
            return new Page<LeadItem>(members, page.Select(EventDocs.ToLead).ToList());
        }
        var all = new Query { OrderBy = "$." + L.Last, Order = Query.Descending, Offset = skip, Limit = take };
        return new Page<LeadItem>(writer.Totals.Leads, LeadDocuments.Find(all).Select(EventDocs.ToLead).ToList());
    }

    public LeadDetail? Detail(string leadId, int latestEvents = 50)
    {
        using var read = db.BeginRead();
        var doc = LeadLookup.Exact(db, leadId);
        if (doc is null) return null;
        var snapshot = doc[L.Snapshot].IsBinary ? JsonNode.Parse(RawBody.Decompress(doc[L.Snapshot].AsBinary)) as JsonObject ?? new JsonObject() : new JsonObject();
        var latest = events.OfLead(leadId, latestEvents);
        return new LeadDetail(
            EventDocs.ToLead(doc),
            snapshot,
            LeadState.ReadTags(doc),
            LeadState.Read(doc, LeadState.Lists),
            LeadState.Read(doc, LeadState.Sequences),
            LeadState.Read(doc, LeadState.Memberships),
            LeadState.Read(doc, LeadState.Calendars),
            latest);
    }

    /// <summary>Leads first seen on the days from <paramref name="first"/> to <paramref name="last"/> (dashboard zone), from kept day counts.</summary>
    public long CountNew(DateOnly first, DateOnly last)
    {
        using var read = db.BeginRead();
        return db.Collection(Schema.LeadDays.Collection)
            .Find(Filter.Between(Schema.Id, Keys.Day(first), Keys.Day(last)))
            .Sum(d => d[Schema.LeadDays.Count].AsInt64);
    }

    public GdprReport Gdpr()
    {
        var c = writer.Totals;
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
}

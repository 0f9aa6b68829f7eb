using System.Globalization;
using System.Text.Json.Nodes;
using KartraDashboard.Hosting;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using L = KartraDashboard.Storage.Schema.Leads;

namespace KartraDashboard.Storage;

/// <summary>
/// Every read the API and the pages make. Lists walk an index range from a cursor and their
/// sizes come from kept totals or ordinals, so they cost the same at the millionth event as at
/// the first. Two reads grow with the data instead, and only when a user asks for them: a text
/// search over lead names and emails walks the whole search index, and a lead or product filter
/// on transactions reads all of that lead's or product's transactions to count them.
/// </summary>
public sealed partial class EventStore(Database db, StoreWriter writer, ZoneSettings zones)
{
    /// <summary>Leads that a partial name or email match may fan out to when listing their events.</summary>
    public const int MaxMatchedLeads = 200;

    private ILiteCollection<BsonDocument> EventDocuments => db.Collection(Schema.Events.Collection);
    private ILiteCollection<BsonDocument> LeadDocuments => db.Collection(Schema.Leads.Collection);
    private ILiteCollection<BsonDocument> TransactionDocuments => db.Collection(Schema.Transactions.Collection);

    public Totals Totals => writer.Totals;

    public string DatabasePath => db.FullPath;

    public long DatabaseBytes => (File.Exists(db.FullPath) ? new FileInfo(db.FullPath).Length : 0) + db.LogLength;

    public bool IsHealthy()
    {
        try
        {
            using var read = db.BeginRead();
            db.Collection(Schema.Meta.Collection).FindById(Counters.DocumentId);
            return true;
        }
        catch (Exception e) when (e is LiteException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    public string? Setting(string key)
    {
        using var read = db.BeginRead();
        return db.Collection(Schema.Meta.Collection).FindById(Ledger.SettingId(key)) is { } d && d[Schema.Meta.Value].IsString ? d[Schema.Meta.Value].AsString : null;
    }

    // ---- events ----

    /// <summary>An index read over a group of events (all, one action, or one lead), ordered by id.</summary>
    private sealed record Stream(string Field, string? Group, string Ordinal)
    {
        public BsonValue Key(long id) => Group is null ? new BsonValue(id) : Keys.Of(Group, id);
    }

    public Page<EventItem> Events(EventQuery q)
    {
        using var read = db.BeginRead();
        var take = Math.Clamp(q.Take, 0, 500);
        var skip = Math.Max(0, q.Skip);
        if (IdRange(q.From, q.To) is not var (lo, hi)) return new Page<EventItem>(0, []);

        var actions = q.Actions.Where(a => !string.IsNullOrWhiteSpace(a)).ToHashSet(StringComparer.Ordinal);
        List<Stream> streams;
        Func<BsonDocument, bool>? filter = null;
        if (!string.IsNullOrWhiteSpace(q.Lead))
        {
            streams = LeadsNamed(q.Lead).Select(id => new Stream(E.LeadKey, id, E.LeadOrdinal)).ToList();
            // A lead's events are few, so narrowing them by action in memory stays cheap.
            if (actions.Count > 0) filter = d => actions.Contains(d[E.Action].AsString);
        }
        else if (actions.Count > 0) streams = actions.Select(a => new Stream(E.ActionKey, a, E.ActionOrdinal)).ToList();
        else streams = [new Stream(Schema.Id, null, Schema.Id)];

        var upper = q.Before is { } before ? Math.Min(hi, before - 1) : hi;
        var items = streams
            .SelectMany(s => Read(s, lo, upper, descending: true, filter).Take(skip + take))
            .OrderByDescending(d => d[Schema.Id].AsInt64)
            .Skip(skip).Take(take)
            .Select(EventDocs.ToItem)
            .ToList();
        var total = streams.Sum(s => Count(s, lo, hi, filter));
        return new Page<EventItem>(total, items);
    }

    private IEnumerable<BsonDocument> Read(Stream s, long lo, long hi, bool descending, Func<BsonDocument, bool>? filter)
    {
        if (lo > hi) return [];
        var query = new Query
        {
            OrderBy = "$." + s.Field,
            Order = descending ? Query.Descending : Query.Ascending,
        };
        query.Where.Add(Query.Between(s.Field, s.Key(lo), s.Key(hi)));
        // The keys of a group sort apart from every other group's (see Keys); each is checked all the same.
        var docs = EventDocuments.Find(query);
        if (s.Group is { } group) docs = docs.Where(d => Keys.IsIn(d[s.Field].AsString, group));
        return filter is null ? docs : docs.Where(filter);
    }

    /// <summary>
    /// Each event carries its ordinal within its group, so the size of a range is the difference
    /// of the ordinals at its two ends: two index seeks instead of a count.
    /// </summary>
    private long Count(Stream s, long lo, long hi, Func<BsonDocument, bool>? filter)
    {
        if (filter is not null) return Read(s, lo, hi, false, filter).LongCount();
        var first = Read(s, lo, hi, false, null).FirstOrDefault();
        if (first is null) return 0;
        var last = Read(s, lo, hi, true, null).First();
        return last[s.Ordinal].AsInt64 - first[s.Ordinal].AsInt64 + 1;
    }

    /// <summary>Turns a time range into the range of event ids received within it (ids rise with arrival).</summary>
    private (long Lo, long Hi)? IdRange(DateTimeOffset? from, DateTimeOffset? to)
    {
        long lo = 1, hi = Totals.LastEventId;
        if (from is { } f)
        {
            var first = EventDocuments.Find(Query.GTE(E.At, f.UtcDateTime), 0, 1).FirstOrDefault();
            if (first is null) return null;
            lo = first[Schema.Id].AsInt64;
        }
        if (to is { } t)
        {
            var query = new Query { OrderBy = "$." + E.At, Order = Query.Descending, Limit = 1 };
            query.Where.Add(Query.LTE(E.At, t.UtcDateTime));
            var last = EventDocuments.Find(query).FirstOrDefault();
            if (last is null) return null;
            hi = last[Schema.Id].AsInt64;
        }
        return lo <= hi ? (lo, hi) : null;
    }

    /// <summary>
    /// Lead ids a lead filter names: a stored lead id alone (one seek), else the leads whose email
    /// or name contains the text, at most <see cref="MaxMatchedLeads"/> of them.
    /// </summary>
    private IReadOnlyList<string> LeadsNamed(string text) =>
        ExactLead(text.Trim()) is { } exact ? [exact[Schema.Id].AsString] : MatchingLeadDocuments(text).Take(MaxMatchedLeads).Select(d => d[Schema.Id].AsString).ToList();

    /// <summary>The lead with exactly this id: the collation of the _id index ignores case, so the id is compared again.</summary>
    private BsonDocument? ExactLead(string leadId) =>
        LeadDocuments.FindById(leadId) is { } doc && doc[Schema.Id].AsString == leadId ? doc : null;

    /// <summary>A lead with exactly this id, then the leads whose email or name contains the text.</summary>
    private IEnumerable<BsonDocument> MatchingLeadDocuments(string text)
    {
        text = text.Trim();
        if (ExactLead(text) is { } exact) yield return exact;
        foreach (var d in LeadDocuments.Find(Query.Contains(L.Search, text.ToLowerInvariant())))
            if (d[Schema.Id].AsString != text) yield return d;
    }

    public EventDetail? Event(long id)
    {
        using var read = db.BeginRead();
        var doc = EventDocuments.FindById(id);
        if (doc is null) return null;
        var raw = RawBody.Decompress(doc[E.Body].AsBinary, doc[E.BodyLength].AsInt32);
        var (text, encoding) = RawBody.AsText(raw);
        return new EventDetail(EventDocs.ToItem(doc), text, encoding, Bson.Str(doc[E.ContentType]), Bson.Str(doc[E.RemoteAddress]),
            doc[E.TransactionDate].IsNull ? null : Bson.Utc(doc[E.TransactionDate]));
    }

    /// <summary>How many events arrived in a time range, from two index seeks.</summary>
    public long CountEvents(DateTimeOffset from, DateTimeOffset to)
    {
        using var read = db.BeginRead();
        return IdRange(from, to) is var (lo, hi) ? hi - lo + 1 : 0;
    }

    // ---- leads ----

    public Page<LeadItem> Leads(LeadQuery q)
    {
        using var read = db.BeginRead();
        var take = Math.Clamp(q.Take, 0, 500);
        var skip = Math.Max(0, q.Skip);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            // Every match is counted; only ids and times are kept to order them, then one page is read.
            var matched = MatchingLeadDocuments(q.Search)
                .Where(d => q.Gdpr is null || Bson.Int(d[L.Gdpr]) == q.Gdpr)
                .Select(d => (Id: d[Schema.Id].AsString, Last: d[L.Last].AsDateTime))
                .OrderByDescending(m => m.Last).ToList();
            var page = matched.Skip(skip).Take(take).Select(m => EventDocs.ToLead(LeadDocuments.FindById(m.Id))).ToList();
            return new Page<LeadItem>(matched.Count, page);
        }
        if (q.Gdpr is { } status)
        {
            var group = Counters.GdprKey(status);
            var query = new Query { OrderBy = "$." + L.GdprKey, Order = Query.Descending };
            query.Where.Add(Query.Between(L.GdprKey, Keys.Lowest(group), Keys.Highest(group)));
            var page = LeadDocuments.Find(query).Where(d => Keys.IsIn(d[L.GdprKey].AsString, group)).Skip(skip).Take(take);
            return new Page<LeadItem>(Totals.Gdpr.GetValueOrDefault(group), page.Select(EventDocs.ToLead).ToList());
        }
        var all = new Query { OrderBy = "$." + L.Last, Order = Query.Descending, Offset = skip, Limit = take };
        return new Page<LeadItem>(Totals.Leads, LeadDocuments.Find(all).Select(EventDocs.ToLead).ToList());
    }

    public LeadDetail? Lead(string leadId, int latestEvents = 50)
    {
        using var read = db.BeginRead();
        var doc = ExactLead(leadId);
        if (doc is null) return null;
        var snapshot = doc[L.Snapshot].IsBinary ? JsonNode.Parse(RawBody.Decompress(doc[L.Snapshot].AsBinary)) as JsonObject ?? new JsonObject() : new JsonObject();
        var latest = LeadEvents(leadId, latestEvents);
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

    /// <summary>One lead's events, newest first, by exact lead id.</summary>
    public IReadOnlyList<EventItem> LeadEvents(string leadId, int take, long? before = null)
    {
        using var read = db.BeginRead();
        var s = new Stream(E.LeadKey, leadId, E.LeadOrdinal);
        return Read(s, 1, before is { } b ? b - 1 : Keys.MaxId, descending: true, null).Take(take).Select(EventDocs.ToItem).ToList();
    }

    /// <summary>Leads first seen on the days from <paramref name="first"/> to <paramref name="last"/> (dashboard zone), from kept day counts.</summary>
    public long CountNewLeads(DateOnly first, DateOnly last)
    {
        using var read = db.BeginRead();
        return db.Collection(Schema.LeadDays.Collection)
            .Find(Query.Between(Schema.Id, Keys.Day(first), Keys.Day(last)))
            .Sum(d => d[Schema.LeadDays.Count].AsInt64);
    }
}

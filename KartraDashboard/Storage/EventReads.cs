using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;

namespace KartraDashboard.Storage;

/// <summary>
/// Reads of events. A list walks one index range per group (all events, an action's, a lead's)
/// from a cursor, and its size comes from the ordinals at the range's two ends, so it costs the
/// same at the millionth event as at the first; a lead named by a part of an email or name reads
/// the events of each matched lead.
/// </summary>
public sealed partial class EventReads(Database db, StoreWriter writer)
{
    private ILiteCollection<BsonDocument> EventDocuments => db.Collection(E.Collection);

    /// <summary>An index read over a group of events (all, one action, or one lead), ordered by id.</summary>
    private sealed record Stream(string Field, string? Group, string Ordinal)
    {
        public BsonValue Key(long id) => Group is null ? new BsonValue(id) : Keys.Of(Group, id);
    }

    public Page<EventItem> List(EventQuery q)
    {
        using var read = db.BeginRead();
        var take = Paging.Take(q.Take);
        var skip = Math.Max(0, q.Skip);
        if (IdRange(q.From, q.To) is not var (lo, hi)) return new Page<EventItem>(0, []);

        var actions = q.Actions.Where(a => !string.IsNullOrWhiteSpace(a)).ToHashSet(StringComparer.Ordinal);
        List<Stream> streams;
        Func<BsonDocument, bool>? filter = null;
        if (!string.IsNullOrWhiteSpace(q.Lead))
        {
            streams = LeadLookup.Named(db, q.Lead).Select(id => new Stream(E.LeadKey, id, E.LeadOrdinal)).ToList();
            // A lead's events are few, so narrowing them by action in memory stays cheap.
            if (actions.Count > 0) filter = d => actions.Contains(EventDocs.Action(d));
            if (q.Subject is { } about) filter = And(filter, d => IsAbout(d, about));
        }
        else if (q.Subject is { } about)
        {
            // A subject's events from its lists, which know each event's action.
            var subject = new SubjectEvents(db, SubjectGroup.Of(about.Kind, about.Id), Math.Max(lo, FirstStored()), actions.Count > 0 ? actions : null);
            return Page(subject.Newest(Upper(q, hi)), skip, take, () => subject.Count(hi), q.WithoutTotal);
        }
        else if (actions.Count > 0) streams = actions.Select(a => new Stream(E.ActionKey, a, E.ActionOrdinal)).ToList();
        else streams = [new Stream(Schema.Id, null, Schema.Id)];

        var newest = streams
            .SelectMany(s => Read(s, lo, Upper(q, hi), descending: true, filter).Take(skip + take))
            .OrderByDescending(d => d[Schema.Id].AsInt64);
        return Page(newest, skip, take, () => streams.Sum(s => Count(s, lo, hi, filter)), q.WithoutTotal);
    }

    private static long Upper(EventQuery q, long hi) => q.Before is { } before ? Math.Min(hi, before - 1) : hi;

    private Page<EventItem> Page(IEnumerable<BsonDocument> newest, int skip, int take, Func<long> total, bool withoutTotal)
    {
        var names = new EventNames(db);
        var items = newest.Skip(skip).Take(take).Select(d => EventDocs.ToItem(d, names)).ToList();
        return new Page<EventItem>(withoutTotal ? 0 : total(), items);
    }

    /// <summary>The oldest stored event's id: retention removes the oldest first, and a subject's lists keep their ids.</summary>
    private long FirstStored() => EventDocuments.Find(Query.All(Schema.Id), 0, 1).FirstOrDefault()?[Schema.Id].AsInt64 ?? 1;

    /// <summary>
    /// One subject's events from <paramref name="lo"/> on: those its lists hold (see <see cref="SubjectEventLists"/>),
    /// and those stored after the lists' cursor, read from the events by id.
    /// </summary>
    private sealed class SubjectEvents(Database db, string group, long lo, IReadOnlySet<string>? actions)
    {
        private readonly long _fed = SubjectEventLists.Fed(db.Collection(Schema.Meta.Collection));
        private readonly long _keyed = SubjectEventLists.KeyedThrough(db.Collection(Schema.Meta.Collection));
        private ILiteCollection<BsonDocument> Lists => db.Collection(Schema.SubjectEvents.Collection);
        private ILiteCollection<BsonDocument> Events => db.Collection(E.Collection);

        public IEnumerable<BsonDocument> Newest(long hi)
        {
            var listed = SubjectEventLists.Descending(Lists, group, lo, Math.Min(hi, _fed))
                // Only the events of the actions asked for are read, where the list knows them.
                .Where(e => actions is null || e.Action is null || actions.Contains(e.Action))
                // An erased event stays in its list; its id no longer names an event.
                .Select(e => Events.FindById(e.Id)).OfType<BsonDocument>();
            return OfActions(Unlisted(hi).Concat(listed));
        }

        public long Count(long hi)
        {
            var top = Math.Min(hi, _fed);
            long listed;
            if (actions is null)
            {
                (listed, var first, var last) = SubjectEventLists.Span(Lists, group, lo, top);
                if (listed > 0) listed -= GoneIds.OfSubject(db, group, first, last);
            }
            else if (SubjectEventLists.CountOf(Lists, group, lo, top, actions) is { } counted)
                listed = counted - GoneIds.OfSubject(db, group, lo, top, actions);
            // Lists written before they kept actions: their events are read.
            else return Newest(hi).LongCount();
            return listed + OfActions(Unlisted(hi)).LongCount();
        }

        private IEnumerable<BsonDocument> OfActions(IEnumerable<BsonDocument> docs) =>
            actions is null ? docs : docs.Where(d => actions.Contains(EventDocs.Action(d)));

        private IEnumerable<BsonDocument> Unlisted(long hi) =>
            SubjectEventLists.Unlisted(Events, group, Math.Max(lo, _fed + 1), Math.Min(hi, _keyed));
    }

    private IEnumerable<BsonDocument> Read(Stream s, long lo, long hi, bool descending, Func<BsonDocument, bool>? filter)
    {
        if (lo > hi) return [];
        var query = new Query
        {
            OrderBy = "$." + s.Field,
            Order = descending ? Query.Descending : Query.Ascending,
        };
        query.Where.Add(Filter.Between(s.Field, s.Key(lo), s.Key(hi)));
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
        return last[s.Ordinal].AsInt64 - first[s.Ordinal].AsInt64 + 1 - Gone(s, first[Schema.Id].AsInt64, last[Schema.Id].AsInt64);
    }

    /// <summary>Ids between two of a group's events that no longer name one (a lead's erased events take their lead with them).</summary>
    private long Gone(Stream s, long first, long last) => s.Field switch
    {
        Schema.Id => GoneIds.Between(db, first, last),
        E.ActionKey => GoneIds.OfAction(db, s.Group!, first, last),
        _ => 0,
    };
    /// <summary>The first and last ids of the events received in a time range, or null when none was.</summary>
    public (long First, long Last)? IdsReceived(DateTimeOffset? from, DateTimeOffset? to)
    {
        using var read = db.BeginRead();
        return IdRange(from, to);
    }

    private static Func<BsonDocument, bool> And(Func<BsonDocument, bool>? first, Func<BsonDocument, bool> second) =>
        first is null ? second : d => first(d) && second(d);

    private static bool IsAbout(BsonDocument d, (string Kind, string Id) about) =>
        SubjectDocs.Read(d) is { } subject && subject.Kind == about.Kind && subject.Id == about.Id;

    /// <summary>Turns a time range into the range of event ids received within it (ids rise with arrival).</summary>
    private (long Lo, long Hi)? IdRange(DateTimeOffset? from, DateTimeOffset? to)
    {
        long lo = 1, hi = writer.Totals.LastEventId;
        if (from is { } f)
        {
            if (FirstReceived(f.UtcDateTime, lo, hi) is not { } first) return null;
            lo = first;
        }
        if (to is { } t)
        {
            // The last event received by t is the one before the first received after it.
            var after = FirstReceived(t.UtcDateTime.AddTicks(1), lo, hi);
            hi = (after ?? hi + 1) - 1;
        }
        return lo <= hi ? (lo, hi) : null;
    }

    /// <summary>
    /// The id of the first event received at or after an instant, between two ids. Arrival times
    /// rise with ids (the writer never lets them go back), so a binary search over the id index
    /// finds it in a few dozen seeks, and events need no index of their own on arrival time.
    /// </summary>
    private long? FirstReceived(DateTime instant, long lo, long hi)
    {
        long? found = null;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            // The first stored id from mid on: ids may have gaps.
            var doc = EventDocuments.Find(Filter.Gte(Schema.Id, mid), 0, 1).FirstOrDefault();
            if (doc is null || doc[Schema.Id].AsInt64 > hi) { hi = mid - 1; continue; }
            var id = doc[Schema.Id].AsInt64;
            if (doc[E.At].AsDateTime >= instant) { found = id; hi = mid - 1; }
            else lo = id + 1;
        }
        return found;
    }

    public EventDetail? Detail(long id)
    {
        using var read = db.BeginRead();
        var doc = EventDocuments.FindById(id);
        if (doc is null) return null;
        var removed = Bson.Flag(doc[Schema.Ownership.BodyRemoved]);
        var raw = EventDocs.Body(doc);
        var (text, encoding) = RawBody.AsText(raw);
        return new EventDetail(EventDocs.ToItem(doc, new EventNames(db)), text, encoding, EventDocs.ContentType(doc), Bson.Str(doc[E.RemoteAddress]),
            doc[E.TransactionDate].IsNull ? null : Bson.Utc(doc[E.TransactionDate]))
        {
            RawRemoved = removed ? EventDetail.RemovedByRetention : null,
        };
    }

    /// <summary>How many events arrived in a time range, from two index seeks.</summary>
    public long Count(DateTimeOffset from, DateTimeOffset to)
    {
        using var read = db.BeginRead();
        return IdRange(from, to) is var (lo, hi) ? hi - lo + 1 - GoneIds.Between(db, lo, hi) : 0;
    }

    /// <summary>One lead's events, newest first, by exact lead id.</summary>
    public IReadOnlyList<EventItem> OfLead(string leadId, int take, long? before = null)
    {
        using var read = db.BeginRead();
        var s = new Stream(E.LeadKey, leadId, E.LeadOrdinal);
        var names = new EventNames(db);
        return Read(s, 1, before is { } b ? b - 1 : Keys.MaxId, descending: true, null).Take(take).Select(d => EventDocs.ToItem(d, names)).ToList();
    }
}

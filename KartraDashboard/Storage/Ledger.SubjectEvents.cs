using LiteDB;
using ES = KartraDashboard.Storage.Schema.EventSubjects;
using SE = KartraDashboard.Storage.Schema.SubjectEvents;

namespace KartraDashboard.Storage;

/// <summary>
/// Each subject's list of events (see <see cref="SubjectEventLists"/>), written after the events'
/// own commits, a batch at a time: two thousand events of a few hundred subjects rewrite a few
/// hundred lists, where an index key per event would have cost each ping's commit a page or two.
/// The event carries its subject's key from its own commit, so a crash loses nothing: the lists
/// go on from the cursor, which moves in the same commit as the lists it wrote. Each subject's
/// list of leads (see <see cref="Schema.Segments"/>) follows the events at which leads joined or left it.
/// </summary>
internal sealed partial class Ledger
{
    private ILiteCollection<BsonDocument> SubjectEventDocs => db.Collection(SE.Collection);

    // -1: not read yet.
    private long _subjectEventsFed = -1;

    private long SubjectEventsFed => _subjectEventsFed >= 0 ? _subjectEventsFed : _subjectEventsFed = SubjectEventLists.Fed(_meta);

    /// <summary>
    /// The first event whose subject figures are added as it is listed, as the file was opened: a
    /// file whose figures were added in each ping's commit (it kept where counting stood) has them
    /// for every event it held, or that its count of the events stored before subjects were kept
    /// had reached; a new file, or one stored before subjects were kept, for none. Kept with the
    /// first commit, before this version writes anything else.
    /// </summary>
    private readonly long _subjectFiguresFrom = SubjectFiguresFromAtOpen(db.Collection(Schema.Meta.Collection));
    private bool _subjectFiguresFromSaved;

    private static long SubjectFiguresFromAtOpen(ILiteCollection<BsonDocument> meta)
    {
        if (meta.FindById(SE.FiguresFromId) is not null) return SubjectEventLists.FiguresFrom(meta);
        if (meta.FindById(SubjectProgress.DocumentId) is not { } progress) return 0;
        return (SubjectProgress.FromBson(progress) is { EventsDone: false } counting
            ? counting.EventsAfter
            : Counters.FromBson(meta.FindById(Counters.DocumentId)).LastEventId) + 1;
    }

    private void SaveSubjectFiguresFrom()
    {
        if (_subjectFiguresFromSaved) return;
        _meta.Upsert(new BsonDocument { [Schema.Id] = SE.FiguresFromId, [Schema.Meta.Value] = _subjectFiguresFrom });
        _subjectFiguresFromSaved = true;
    }

    /// <summary>Of events read in id order, those whose subject figures are added as they are listed.</summary>
    private IEnumerable<BsonDocument> Figured(IEnumerable<BsonDocument> events) => events.Where(e => e[Schema.Id].AsInt64 >= _subjectFiguresFrom);

    /// <summary>
    /// The last event the lists may take now. Subjects are counted in id order: while the events
    /// stored before they were kept are being counted, the lists wait for them.
    /// </summary>
    private long SubjectEventsUpTo => !subjectFigures ? 0 : Progress.EventsDone ? Counters.LastEventId : Progress.EventsAfter;

    /// <summary>How many event ids, at most, wait to be listed under their subjects.</summary>
    public long SubjectEventsOwed => Math.Max(0, SubjectEventsUpTo - SubjectEventsFed);

    /// <summary>The most events listed under their subjects in one commit of their own.</summary>
    internal const int SubjectFeedBatch = 2_000;

    /// <summary>Lists every event owed, in the open transaction: before events are erased, so their figures are kept alike.</summary>
    private void ListOwedSubjectEvents()
    {
        while (SubjectEventsOwed > 0) FeedSubjectEvents(SubjectFeedBatch);
    }

    /// <summary>Lists the next <paramref name="batch"/> events under their subjects and moves the cursor past them.</summary>
    public void FeedSubjectEvents(int batch)
    {
        var fed = SubjectEventsFed;
        var upTo = SubjectEventsUpTo;
        if (fed >= upTo) return;
        var events = EventsAfter(fed, upTo, batch, [.. SubjectChanges.Fields, Schema.Events.LeadKey]);
        var bySubject = new Dictionary<string, (List<long> Ids, List<string> Actions)>(StringComparer.Ordinal);
        // Whether each lead that joined or left a subject is in it after the batch, by its key there.
        var members = new SortedDictionary<string, (string Lead, bool In)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!e[ES.Key].IsString) continue;
            var group = Keys.GroupOf(e[ES.Key].AsString);
            if (!bySubject.TryGetValue(group, out var listed)) bySubject[group] = listed = ([], []);
            listed.Ids.Add(e[Schema.Id].AsInt64);
            listed.Actions.Add(EventDocs.Action(e));
            if (e[ES.Joined].IsBoolean && EventDocs.Lead(e) is { } lead) members[Keys.Pair(group, lead)] = (lead, e[ES.Joined].AsBoolean);
        }
        foreach (var (group, (ids, actions)) in bySubject) AddToList(group, ids, actions);
        AddChanges(SubjectChanges.Of(Figured(events), dashboardZone));
        // In key order: neighbours share pages.
        foreach (var (key, (lead, isIn)) in members)
            if (isIn) ListSegment(key, lead);
            else SegmentDocs.Delete(key);
        // Past the last event read, or to upTo: events erased since are no longer there to read.
        _subjectEventsFed = events.Count == batch ? events[^1][Schema.Id].AsInt64 : upTo;
        _meta.Upsert(new BsonDocument { [Schema.Id] = SE.FedId, [Schema.Meta.Value] = _subjectEventsFed });
    }

    /// <summary>
    /// The id and a few fields of up to <paramref name="batch"/> events after a cursor, in id order:
    /// what a feed written out after the pings' commits reads (see also <see cref="FeedForwards"/>).
    /// </summary>
    private List<BsonDocument> EventsAfter(long after, long upTo, int batch, params string[] fields)
    {
        var select = "{" + string.Join(", ", fields.Prepend(Schema.Id).Select(f => $"{f}: $.{f}")) + "}";
        var query = new Query { OrderBy = "$." + Schema.Id, Limit = batch, Select = select };
        query.Where.Add(Filter.Between(Schema.Id, after + 1, upTo));
        return _events.Find(query).ToList();
    }

    /// <summary>
    /// Adds rising ids, with their actions, to the end of a subject's lists: the last one filled
    /// up, then new ones. A last list written before lists kept actions is left as it is.
    /// </summary>
    private void AddToList(string group, List<long> ids, List<string> actions)
    {
        var last = SubjectEventLists.ListAt(SubjectEventDocs, group, Keys.MaxId);
        var listed = last is null ? [] : SubjectEventLists.Ids(last);
        var next = (last is null ? 1 : last[SE.First].AsInt64) + listed.Count;
        var at = 0;
        if (last is not null && listed.Count < SubjectEventLists.Capacity && SubjectEventLists.Actions(last) is { } listedActions)
        {
            at = Math.Min(SubjectEventLists.Capacity - listed.Count, ids.Count);
            listed.AddRange(ids.Take(at));
            listedActions.AddRange(actions.Take(at));
            last[SE.Ids] = SubjectEventLists.Encode(listed);
            SubjectEventLists.WriteActions(last, listedActions);
            SubjectEventDocs.Update(last);
            next += at;
        }
        while (at < ids.Count)
        {
            var count = Math.Min(SubjectEventLists.Capacity, ids.Count - at);
            var run = ids.GetRange(at, count);
            var list = new BsonDocument
            {
                [Schema.Id] = Keys.Of(group, run[0]),
                [SE.First] = next,
                [SE.Ids] = SubjectEventLists.Encode(run),
            };
            SubjectEventLists.WriteActions(list, actions.GetRange(at, count));
            SubjectEventDocs.Insert(list);
            next += count;
            at += count;
        }
    }

    /// <summary>Notes, for a removed event its subject's lists hold, the last such event of its subject (ids rise).</summary>
    private void NoteListed(BsonDocument removed, Dictionary<string, long> listed)
    {
        if (ListedSubjectKey(removed) is { IsString: true } key) listed[Keys.GroupOf(key.AsString)] = removed[Schema.Id].AsInt64;
    }

    /// <summary>
    /// Deletes the lists whose every event retention has removed (it removes the oldest first); the
    /// lists after them keep their numbers, and reads start at the oldest event stored.
    /// </summary>
    private void DropRemovedLists(Dictionary<string, long> removedThrough)
    {
        foreach (var (group, through) in removedThrough)
        {
            var cursor = through;
            while (SubjectEventLists.ListAt(SubjectEventDocs, group, cursor) is { } list)
            {
                var ids = SubjectEventLists.Ids(list);
                if (ids[^1] <= through) SubjectEventDocs.Delete(list[Schema.Id]);
                cursor = ids[0] - 1;
            }
        }
    }

    /// <summary>The subject key an erased event leaves among the gone ids, when its subject's list already holds it.</summary>
    private BsonValue ListedSubjectKey(BsonDocument eventDoc) =>
        eventDoc[ES.Key].IsString && eventDoc[Schema.Id].AsInt64 <= SubjectEventsFed ? eventDoc[ES.Key] : BsonValue.Null;
}

using KartraDashboard.Ingestion;
using LiteDB;
using ES = KartraDashboard.Storage.Schema.EventSubjects;
using L = KartraDashboard.Storage.Schema.Leads;
using LS = KartraDashboard.Storage.Schema.LeadSubjects;
using SC = KartraDashboard.Storage.Schema.SubjectCount;
using St = KartraDashboard.Storage.Schema.Leads.Standing;

namespace KartraDashboard.Storage;

/// <summary>
/// What each event is about, kept on write: the subject on the event, keyed under it in the
/// ping's commit; counts per action per subject over all time and per day, and the leads in each
/// subject now, added as the events are listed soon after (see <see cref="FeedSubjectEvents"/> and
/// <see cref="SubjectChanges"/>). Figures are changed in memory and written once per commit.
/// </summary>
internal sealed partial class Ledger
{
    private ILiteCollection<BsonDocument> SubjectDocs => db.Collection(Schema.Subjects.Collection);
    private ILiteCollection<BsonDocument> SubjectDayDocs => db.Collection(Schema.SubjectDays.Collection);
    private ILiteCollection<BsonDocument> SegmentDocs => db.Collection(Schema.Segments.Collection);

    private readonly Dictionary<string, SubjectTally> _subjects = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedSubjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubjectDayTally> _subjectDays = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedSubjectDays = new(StringComparer.Ordinal);
    private SubjectProgress? _subjectProgress;
    private bool _subjectProgressChanged;

    /// <summary>How far the subjects of what was stored before they were kept are counted (see <see cref="SubjectBackfill"/>).</summary>
    private SubjectProgress Progress
    {
        get
        {
            if (_subjectProgress is not null) return _subjectProgress;
            var doc = _meta.FindById(SubjectProgress.DocumentId);
            if (doc is not null) return _subjectProgress = SubjectProgress.FromBson(doc);
            // A new file has nothing to count: everything is kept from the first ping on.
            _subjectProgress = Counters.LastEventId == 0 && Counters.Leads == 0 ? SubjectProgress.Done : new SubjectProgress();
            _subjectProgressChanged = true;
            return _subjectProgress;
        }
    }

    private void SaveSubjects()
    {
        SaveSubjectFiguresFrom();
        foreach (var key in _changedSubjects) SubjectDocs.Upsert(_subjects[key].ToBson());
        foreach (var key in _changedSubjectDays) SubjectDayDocs.Upsert(_subjectDays[key].ToBson());
        if (_subjectProgressChanged) _meta.Upsert(_subjectProgress!.ToBson());
        _changedSubjects.Clear();
        _changedSubjectDays.Clear();
        _subjectProgressChanged = false;
        // Caches only: past these sizes they are read again as subjects come back.
        if (_subjects.Count > 10_000) _subjects.Clear();
        if (_subjectDays.Count > 2_000) _subjectDays.Clear();
    }

    private void ReloadSubjects()
    {
        _subjects.Clear();
        _changedSubjects.Clear();
        _subjectDays.Clear();
        _changedSubjectDays.Clear();
        _subjectProgress = null;
        _subjectProgressChanged = false;
        _subjectEventsFed = -1;
        _subjectFiguresFromSaved = false;
    }

    /// <summary>Writes the event's subject into its document and, once older events are counted, keys it under its subject.</summary>
    private void RecordSubject(BsonDocument doc, EventSubject subject, long id)
    {
        WriteSubject(doc, subject);
        // Until the events stored before are keyed, they are keyed in id order, this one too.
        if (subjectFigures && Progress.EventsDone) KeySubjectEvent(doc, subject, id);
    }

    private static void WriteSubject(BsonDocument doc, EventSubject subject)
    {
        doc[ES.Kind] = subject.Kind;
        doc[ES.Id] = subject.Id;
        if (subject.Name is not null) doc[ES.Name] = subject.Name;
        if (subject.Part is { } part)
        {
            doc[ES.PartId] = part.Id;
            if (part.Name is not null) doc[ES.PartName] = part.Name;
        }
    }

    private void KeySubjectEvent(BsonDocument doc, EventSubject subject, long id)
    {
        var tally = Subject(subject.Kind, subject.Id, null, subject.Name);
        doc[ES.Key] = Keys.Of(tally.Group, id);
        // The key holds the kind and id whole, unless they were cut: then they are not written again,
        // and a name is read from the subject's (see SubjectDocs.Read), which keeps the names its events showed.
        if (SubjectGroup.Split(tally.Group) == (subject.Kind, subject.Id))
        {
            doc.Remove(ES.Kind);
            doc.Remove(ES.Id);
            if (subject.Name is { } name)
            {
                if (tally.EventName != name)
                {
                    if (tally.EventName is not null) tally.Former = FormerNames.Add(tally.Former, id, null, tally.EventName);
                    tally.EventName = name;
                    _changedSubjects.Add(tally.Group);
                }
                doc.Remove(ES.Name);
                _names.KnowSubject(tally.Group, name);
            }
            else doc[ES.Name] = BsonValue.Null;
        }
        // Counted as the event is listed (see AddChanges); the part's name is kept now.
        if (subject.Part is { } part) Subject(subject.Kind, subject.Id, part.Id, part.Name);
    }

    /// <summary>Adds what a batch of events changed to the kept figures of each subject and part.</summary>
    private void AddChanges(Dictionary<string, SubjectChange> changes)
    {
        foreach (var change in changes.Values)
        {
            var tally = Subject(change.Kind, change.Id, change.PartId, null);
            SubjectCounts.Add(tally.Counts, change.Counts);
            tally.Current += change.Current;
            _changedSubjects.Add(tally.Group);
            foreach (var (day, counts) in change.Days)
            {
                var dayTally = SubjectDay(tally, day);
                SubjectCounts.Add(dayTally.Counts, counts);
                _changedSubjectDays.Add(dayTally.DocumentId);
            }
        }
    }

    /// <summary>The subject's (or part's) figures, from the cache or the file, or new.</summary>
    private SubjectTally Subject(string kind, string id, string? partId, string? name)
    {
        var group = SubjectGroup.Of(kind, id, partId);
        if (!_subjects.TryGetValue(group, out var tally))
        {
            var doc = SubjectDocs.FindById(SubjectGroup.DocumentId(group));
            tally = doc is not null
                ? SubjectTally.FromBson(group, kind, doc)
                : new SubjectTally
                {
                    Group = group, Kind = kind, Id = partId ?? id,
                    Parent = partId is null ? null : SubjectGroup.DocumentId(SubjectGroup.Of(kind, id)),
                };
            // A new subject is written with the event that brought it, so a read finds it before its figures.
            if (doc is null) _changedSubjects.Add(group);
            _subjects[group] = tally;
        }
        // The latest name sent wins: a tag renamed in Kartra shows its new name.
        if (name is not null && name != tally.Name)
        {
            tally.Name = name;
            _changedSubjects.Add(group);
        }
        return tally;
    }

    private SubjectDayTally SubjectDay(SubjectTally tally, DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var id = Keys.Dated(tally.Group, date);
        if (_subjectDays.TryGetValue(id, out var dayTally)) return dayTally;
        var doc = SubjectDayDocs.FindById(id);
        dayTally = new SubjectDayTally
        {
            DocumentId = id,
            Subject = tally.DocumentId,
            Day = Keys.Day(day),
            KindDay = tally.Parent is null ? Keys.Dated(tally.Kind, date) : null,
            Counts = doc is null ? new(StringComparer.Ordinal) : SubjectCounts.FromBson(doc[Schema.SubjectDays.Counts]),
        };
        return _subjectDays[id] = dayTally;
    }

    /// <summary>
    /// Applies the ping to where the lead stands (see <see cref="LeadState"/>). When the lead
    /// joined or left the subject or its part, the event says so: the subject's <c>current</c> and
    /// list of leads follow when the events are listed (see <see cref="FeedSubjectEvents"/>), not
    /// in a write of the ping's own.
    /// </summary>
    private void ApplyStanding(BsonDocument lead, BsonDocument eventDoc, KartraPing ping, DateTime at)
    {
        if (!subjectFigures)
        {
            LeadState.Apply(lead, ping, at);
            return;
        }
        // A lead not yet counted at start is counted whole, as it then stands; one that is new is counted from now on.
        if (!Progress.LeadsDone && lead[L.Events].AsInt64 == 1) lead[LS.Counted] = true;
        var subject = EventSubject.Of(ping);
        if (!SegmentsListed(lead) || subject is null || !EventSubject.InState.ContainsKey(subject.Kind))
        {
            LeadState.Apply(lead, ping, at);
            return;
        }
        var (wasIn, wasInPart) = Standing(lead, subject);
        LeadState.Apply(lead, ping, at);
        var (isIn, isInPart) = Standing(lead, subject);
        if (isIn != wasIn) eventDoc[ES.Joined] = isIn;
        if (subject.Part is not null && isInPart != wasInPart) eventDoc[ES.PartJoined] = isInPart;
    }

    private void MoveCurrent(SubjectTally tally, long by)
    {
        tally.Current += by;
        _changedSubjects.Add(tally.Group);
    }

    /// <summary>Whether the lead is in the subject (any level or class of it), and in its part.</summary>
    private static (bool InSubject, bool InPart) Standing(BsonDocument lead, EventSubject subject)
    {
        var field = LeadState.FieldOf[subject.Kind];
        var inState = EventSubject.InState[subject.Kind];
        bool inSubject = false, inPart = false;
        if (!lead[field].IsArray) return (false, false);
        foreach (var value in lead[field].AsArray)
        {
            var item = value.AsDocument;
            if (Bson.Str(item[St.Id]) != subject.Id || Bson.Str(item[St.State]) != inState) continue;
            inSubject = true;
            if (subject.Part is { } part && Bson.Str(item[PartField(subject.Kind)]) == part.Id) inPart = true;
        }
        return (inSubject, inPart);
    }

    private static string PartField(string kind) => kind == SubjectKinds.Membership ? St.LevelId : St.ClassId;

    /// <summary>The subjects (and parts) the lead is in now, from where it stands.</summary>
    private static IEnumerable<(string Kind, string Id, string? Name, string? PartId, string? PartName)> Holdings(BsonDocument lead)
    {
        foreach (var (kind, inState) in EventSubject.InState)
        {
            var field = LeadState.FieldOf[kind];
            if (!lead[field].IsArray) continue;
            foreach (var value in lead[field].AsArray)
            {
                var item = value.AsDocument;
                if (Bson.Str(item[St.Id]) is not { } id || Bson.Str(item[St.State]) != inState) continue;
                var hasPart = kind is SubjectKinds.Membership or SubjectKinds.Calendar;
                yield return (kind, id, Bson.Str(item[St.Name]),
                    hasPart ? Bson.Str(item[PartField(kind)]) : null,
                    hasPart ? Bson.Str(item[kind == SubjectKinds.Membership ? St.LevelName : St.ClassName]) : null);
            }
        }
    }

    /// <summary>
    /// Takes a lead out of the leads counted in each subject now, for a lead erased from the store:
    /// called with its document before that is deleted, so <c>current</c> drops at once. What its
    /// events not yet listed would have changed (<paramref name="unlisted"/>, while the events stored
    /// before subjects were kept are being keyed) was never added, so it is not taken off.
    /// </summary>
    internal void ForgetLeadSubjects(BsonDocument lead, Dictionary<string, SubjectChange> unlisted)
    {
        if (!SegmentsListed(lead)) return;
        foreach (var h in Holdings(lead))
        {
            MoveCurrent(Subject(h.Kind, h.Id, null, null), -1);
            if (h.PartId is { } partId) MoveCurrent(Subject(h.Kind, h.Id, partId, null), -1);
        }
        foreach (var change in unlisted.Values)
            if (change.Current != 0) MoveCurrent(Subject(change.Kind, change.Id, change.PartId, null), change.Current);
        // Every subject it was ever listed under: one it left at an event not yet listed is listed still.
        var leadId = lead[Schema.Id].AsString;
        foreach (var group in LeadState.KeptGroups(lead)) SegmentDocs.Delete(Keys.Pair(group, leadId));
    }

    /// <summary>Whether the lead's subjects are counted, and it is listed under them (else the count at start does both).</summary>
    private bool SegmentsListed(BsonDocument lead) => subjectFigures && (Progress.LeadsDone || Bson.Flag(lead[LS.Counted]));

    /// <summary>Lists a lead under every subject it is in now: a lead counted whole at start, or one of a file that kept these keys on the lead.</summary>
    private void ListSegments(BsonDocument lead)
    {
        var leadId = lead[Schema.Id].AsString;
        foreach (var group in Holdings(lead).Select(h => SubjectGroup.Of(h.Kind, h.Id)).Distinct(StringComparer.Ordinal))
            ListSegment(Keys.Pair(group, leadId), leadId);
    }

    /// <summary>Lists a lead under a subject by its key there (<c>Keys.Pair(group, lead id)</c>).</summary>
    private void ListSegment(string key, string leadId) =>
        SegmentDocs.Upsert(new BsonDocument { [Schema.Id] = key, [Schema.Segments.Lead] = leadId });

    /// <summary>The lead of a stored snapshot, read as the webhook reads a lead.</summary>
    private static KartraLead? SnapshotLead(BsonDocument lead, PingParser parser)
    {
        if (!lead[L.Snapshot].IsBinary) return null;
        var json = RawBody.Decompress(lead[L.Snapshot].AsBinary);
        byte[] body = [.. "{\"action\":\"lead\",\"lead\":"u8, .. json, .. "}"u8];
        return parser.Parse(body).Ping?.Lead;
    }

    /// <summary>Where counting what was stored before subjects were kept stands.</summary>
    public SubjectProgress SubjectBackfillProgress() => Progress.Copy();

    /// <summary>
    /// Counts the subjects of stored events, in id order, from what was read of their bodies;
    /// <paramref name="readUpTo"/> is the last id read. Answers whether every event is now counted.
    /// </summary>
    public bool CountStoredSubjects(IReadOnlyList<(long Id, EventSubject? Subject)> chunk, long readUpTo)
    {
        var progress = Progress;
        if (progress.EventsDone) return true;
        foreach (var (id, subject) in chunk)
        {
            if (id <= progress.EventsAfter || subject is null) continue;
            if (_events.FindById(id) is not { } doc) continue;
            WriteSubject(doc, subject);
            KeySubjectEvent(doc, subject, id);
            _events.Update(doc);
        }
        progress.EventsAfter = Math.Max(progress.EventsAfter, readUpTo);
        // Pings taken meanwhile were left for this count; once it reaches the newest, they are counted as they come.
        if (progress.EventsAfter >= Counters.LastEventId) progress.EventsDone = true;
        _subjectProgressChanged = true;
        return progress.EventsDone;
    }

    /// <summary>
    /// Counts, for one batch of leads in id order, the subjects each is in now, and keys its
    /// segments. Answers how many leads it read; 0 once every lead is counted.
    /// </summary>
    public int CountStoredLeads(int batch, PingParser parser)
    {
        var progress = Progress;
        if (progress.LeadsDone) return 0;
        var query = new Query { OrderBy = "$." + Schema.Id, Limit = batch };
        if (progress.LeadsAfter is { } after) query.Where.Add(Filter.Gt(Schema.Id, after));
        var docs = _leads.Find(query).ToList();
        if (docs.Count == 0)
        {
            progress.LeadsDone = true;
            _subjectProgressChanged = true;
            return 0;
        }
        foreach (var lead in docs)
        {
            if (Bson.Flag(lead[LS.Counted])) continue;
            foreach (var h in Holdings(lead))
            {
                MoveCurrent(Subject(h.Kind, h.Id, null, h.Name), 1);
                if (h.PartId is { } partId) MoveCurrent(Subject(h.Kind, h.Id, partId, h.PartName), 1);
            }
            ListSegments(lead);
            if (SnapshotLead(lead, parser) is { } snapshot) LeadAttributeDocs.Write(lead, snapshot);
            lead[LS.Counted] = true;
            _leads.Update(lead);
        }
        progress.LeadsAfter = docs[^1][Schema.Id].AsString;
        _subjectProgressChanged = true;
        return docs.Count;
    }
}

/// <summary>How far the figures of data stored before subjects were kept are counted.</summary>
internal sealed class SubjectProgress
{
    public const string DocumentId = SC.DocumentId;
    public long EventsAfter { get; set; }
    public bool EventsDone { get; set; }
    public string? LeadsAfter { get; set; }
    public bool LeadsDone { get; set; }

    public static SubjectProgress Done => new() { EventsDone = true, LeadsDone = true };

    public SubjectProgress Copy() => (SubjectProgress)MemberwiseClone();

    public BsonDocument ToBson() => new()
    {
        [Schema.Id] = DocumentId,
        [SC.EventsAfter] = EventsAfter,
        [SC.EventsDone] = EventsDone,
        [SC.LeadsAfter] = LeadsAfter,
        [SC.LeadsDone] = LeadsDone,
    };

    public static SubjectProgress FromBson(BsonDocument d) => new()
    {
        EventsAfter = d[SC.EventsAfter].AsInt64,
        EventsDone = d[SC.EventsDone].AsBoolean,
        LeadsAfter = Bson.Str(d[SC.LeadsAfter]),
        LeadsDone = d[SC.LeadsDone].AsBoolean,
    };
}

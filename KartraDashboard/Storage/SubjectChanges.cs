using KartraDashboard.Time;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using ES = KartraDashboard.Storage.Schema.EventSubjects;

namespace KartraDashboard.Storage;

/// <summary>What a run of events adds to one subject's (or part's) figures.</summary>
internal sealed class SubjectChange(string kind, string id, string? partId)
{
    public string Kind { get; } = kind;
    public string Id { get; } = id;
    public string? PartId { get; } = partId;
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);
    public Dictionary<DateOnly, Dictionary<string, long>> Days { get; } = [];
    /// <summary>Leads that joined, less those that left.</summary>
    public long Current { get; set; }
}

/// <summary>
/// The subject figures a run of events changes, by subject group: counts per action over all time
/// and per day (duplicates aside), and the leads that joined or left, as each event's commit marked
/// them (<see cref="ES.Joined"/>). The writer adds them to the kept figures as it lists the events
/// (<c>Ledger.FeedSubjectEvents</c>), a batch at a time rather than at each ping's commit; a read
/// adds those of the few events stored since (<see cref="SubjectReads"/>).
/// </summary>
internal static class SubjectChanges
{
    /// <summary>The fields of an event they read.</summary>
    public static readonly string[] Fields = [ES.Key, ES.Kind, ES.Id, ES.PartId, ES.Joined, ES.PartJoined, E.At, E.Duplicate, E.Action, E.ActionKey];

    public static Dictionary<string, SubjectChange> Of(IEnumerable<BsonDocument> events, TimeZoneInfo zone)
    {
        var changes = new Dictionary<string, SubjectChange>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            // The key holds the kind and id whole unless they were cut; then the event keeps them,
            // as it does until it is keyed (an event of a file of before, or one stored meanwhile).
            string group, kind, id;
            if (e[ES.Kind].IsString) (group, kind, id) = (SubjectGroup.Of(e[ES.Kind].AsString, e[ES.Id].AsString), e[ES.Kind].AsString, e[ES.Id].AsString);
            else if (e[ES.Key].IsString) (kind, id) = SubjectGroup.Split(group = Keys.GroupOf(e[ES.Key].AsString));
            else continue;
            var counted = !Bson.Flag(e[E.Duplicate]);
            var action = EventDocs.Action(e);
            var day = Days.Of(DateTime.SpecifyKind(e[E.At].AsDateTime, DateTimeKind.Utc), zone);
            Add(changes, group, kind, id, null, counted, action, day, e[ES.Joined]);
            if (Bson.Str(e[ES.PartId]) is { } partId)
                Add(changes, SubjectGroup.Of(kind, id, partId), kind, id, partId, counted, action, day, e[ES.PartJoined]);
        }
        return changes;
    }

    private static void Add(Dictionary<string, SubjectChange> changes, string group, string kind, string id, string? partId,
        bool counted, string action, DateOnly day, BsonValue joined)
    {
        if (!changes.TryGetValue(group, out var change)) changes[group] = change = new SubjectChange(kind, id, partId);
        if (joined.IsBoolean) change.Current += joined.AsBoolean ? 1 : -1;
        if (!counted) return;
        change.Counts[action] = change.Counts.GetValueOrDefault(action) + 1;
        if (!change.Days.TryGetValue(day, out var counts)) change.Days[day] = counts = new(StringComparer.Ordinal);
        counts[action] = counts.GetValueOrDefault(action) + 1;
    }
}

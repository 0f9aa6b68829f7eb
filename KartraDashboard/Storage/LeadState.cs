using KartraDashboard.Ingestion;
using LiteDB;
using S = KartraDashboard.Storage.Schema.Leads.Standing;

namespace KartraDashboard.Storage;

/// <summary>
/// What a lead's events imply now: the tags it has, and where it stands in each list, sequence,
/// membership level and calendar class. Each item remembers when it last changed, so that a
/// re-processed old ping cannot undo a newer change.
/// </summary>
internal static class LeadState
{
    public const string Tags = Schema.Leads.Tags;
    public const string Lists = Schema.Leads.Lists;
    public const string Sequences = Schema.Leads.Sequences;
    public const string Memberships = Schema.Leads.Memberships;
    public const string Calendars = Schema.Leads.Calendars;

    // Each kind of subject with a standing keeps its items in one field of the lead document.
    internal static readonly Dictionary<string, string> FieldOf = new(StringComparer.Ordinal)
    {
        [SubjectKinds.Tag] = Tags,
        [SubjectKinds.List] = Lists,
        [SubjectKinds.Sequence] = Sequences,
        [SubjectKinds.Membership] = Memberships,
        [SubjectKinds.Calendar] = Calendars,
    };

    public static void Apply(BsonDocument lead, KartraPing ping, DateTime at)
    {
        if (ActionCatalog.Find(ping.Action) is not { Standing: { } state, Subject: { } source } || ping.Subject is not { } s) return;
        var group = FieldOf[source.Kind];

        // Memberships are held per level and calendar bookings per class.
        var key = group switch
        {
            Memberships => $"{s.Id ?? s.Name}/{s.LevelId ?? s.LevelName}",
            Calendars => $"{s.Id ?? s.Name}/{s.ClassId ?? s.ClassName}",
            _ => s.Id ?? s.Name ?? "",
        };
        key = Keys.Cut(key);
        if (!lead[group].IsArray) lead[group] = new BsonArray();
        var items = lead[group].AsArray;
        var item = items.Select(i => i.AsDocument).FirstOrDefault(i => i[S.Key].AsString == key);
        if (item is null)
        {
            // A lead keeps a fixed number of items per kind, so its document cannot grow past
            // LiteDB's limit however many names pings send: the one changed longest ago goes.
            if (items.Count >= MaxItems) items.Remove(items.MinBy(i => i[S.At].AsDateTime)!);
            items.Add(item = new BsonDocument { [S.Key] = key, [S.At] = DateTime.MinValue });
        }
        if (at < item[S.At].AsDateTime) return;

        item[S.At] = at;
        item[S.State] = state;
        item[S.Id] = CutOrNull(s.Id);
        item[S.Name] = CutOrNull(s.Name);
        if (group == Memberships) { item[S.LevelId] = CutOrNull(s.LevelId); item[S.LevelName] = CutOrNull(s.LevelName); }
        if (group == Calendars) { item[S.ClassId] = CutOrNull(s.ClassId); item[S.ClassName] = CutOrNull(s.ClassName); }
    }

    /// <summary>The subjects of one kind the lead is in now (their groups, see <see cref="SubjectGroup"/>), each once.</summary>
    public static IEnumerable<string> HeldGroups(BsonDocument lead, string kind) => GroupsOf(lead, kind, heldOnly: true);

    /// <summary>The subjects of every kind the lead keeps an item of, in them now or not, each once.</summary>
    public static IEnumerable<string> KeptGroups(BsonDocument lead) =>
        FieldOf.Keys.SelectMany(kind => GroupsOf(lead, kind, heldOnly: false)).Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> GroupsOf(BsonDocument lead, string kind, bool heldOnly)
    {
        if (!lead[FieldOf[kind]].IsArray) return [];
        var inState = EventSubject.InState[kind];
        return lead[FieldOf[kind]].AsArray
            .Select(i => i.AsDocument)
            .Where(i => (!heldOnly || Bson.Str(i[S.State]) == inState) && Bson.Str(i[S.Id]) is not null)
            .Select(i => SubjectGroup.Of(kind, i[S.Id].AsString))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>Items a lead keeps of each kind (tags, lists, sequences, memberships, calendars).</summary>
    public const int MaxItems = 1_000;

    private static string? CutOrNull(string? text) => text is null ? null : Keys.Cut(text);

    public static IReadOnlyList<LeadTag> ReadTags(BsonDocument lead) =>
        Items(lead, Tags).Where(i => i[S.State].AsString == Standings.Assigned)
            .Select(i => new LeadTag(Bson.Str(i[S.Id]), Bson.Str(i[S.Name]), Bson.Utc(i[S.At]))).ToList();

    public static IReadOnlyList<LeadMembership> Read(BsonDocument lead, string group) =>
        Items(lead, group).Select(i => new LeadMembership(Bson.Str(i[S.Id]), Bson.Str(i[S.Name]), i[S.State].AsString, Bson.Utc(i[S.At]))
        {
            LevelId = Bson.Str(i[S.LevelId]),
            LevelName = Bson.Str(i[S.LevelName]),
            ClassId = Bson.Str(i[S.ClassId]),
            ClassName = Bson.Str(i[S.ClassName]),
        }).ToList();

    private static IEnumerable<BsonDocument> Items(BsonDocument lead, string group) =>
        lead[group].IsArray ? lead[group].AsArray.Select(v => v.AsDocument).OrderByDescending(i => i[S.At].AsDateTime) : [];

}

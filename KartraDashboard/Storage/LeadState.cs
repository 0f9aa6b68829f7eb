using KartraDashboard.Ingestion;
using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// What a lead's events imply now: the tags it has, and where it stands in each list, sequence,
/// membership level and calendar class. Each item remembers when it last changed, so that a
/// re-processed old ping cannot undo a newer change.
/// </summary>
internal static class LeadState
{
    public const string Tags = "tags";
    public const string Lists = "lists";
    public const string Sequences = "sequences";
    public const string Memberships = "memberships";
    public const string Calendars = "calendars";

    // Each kind of subject with a standing keeps its items in one field of the lead document.
    private static readonly Dictionary<string, string> FieldOf = new(StringComparer.Ordinal)
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
        if (!lead[group].IsArray) lead[group] = new BsonArray();
        var items = lead[group].AsArray;
        var item = items.Select(i => i.AsDocument).FirstOrDefault(i => i["k"].AsString == key);
        if (item is null) items.Add(item = new BsonDocument { ["k"] = key, ["at"] = DateTime.MinValue });
        if (at < item["at"].AsDateTime) return;

        item["at"] = at;
        item["state"] = state;
        item["id"] = s.Id;
        item["name"] = s.Name;
        if (group == Memberships) { item["levelId"] = s.LevelId; item["levelName"] = s.LevelName; }
        if (group == Calendars) { item["classId"] = s.ClassId; item["className"] = s.ClassName; }
    }

    public static IReadOnlyList<LeadTag> ReadTags(BsonDocument lead) =>
        Items(lead, Tags).Where(i => i["state"].AsString == Standings.Assigned)
            .Select(i => new LeadTag(Str(i["id"]), Str(i["name"]), Utc(i["at"]))).ToList();

    public static IReadOnlyList<LeadMembership> Read(BsonDocument lead, string group) =>
        Items(lead, group).Select(i => new LeadMembership(Str(i["id"]), Str(i["name"]), i["state"].AsString, Utc(i["at"]))
        {
            LevelId = Str(i["levelId"]),
            LevelName = Str(i["levelName"]),
            ClassId = Str(i["classId"]),
            ClassName = Str(i["className"]),
        }).ToList();

    private static IEnumerable<BsonDocument> Items(BsonDocument lead, string group) =>
        lead[group].IsArray ? lead[group].AsArray.Select(v => v.AsDocument).OrderByDescending(i => i["at"].AsDateTime) : [];

    private static string? Str(BsonValue v) => v.IsNull ? null : v.AsString;

    private static DateTimeOffset Utc(BsonValue v) => new(DateTime.SpecifyKind(v.AsDateTime, DateTimeKind.Utc));
}

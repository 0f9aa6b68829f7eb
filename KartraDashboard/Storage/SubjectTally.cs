using LiteDB;
using D = KartraDashboard.Storage.Schema.SubjectDays;
using S = KartraDashboard.Storage.Schema.Subjects;

namespace KartraDashboard.Storage;

/// <summary>
/// The key group of a subject, or of a membership level or calendar class inside one: what the
/// subject's index keys and documents are keyed by (see <see cref="Keys"/>). Kind and id are
/// joined, so tag 5 and tag 50 or tag 5 and list 5 never mix.
/// </summary>
internal static class SubjectGroup
{
    // An escaped character takes five in a key: a long id of such characters is cut further so
    // the key stays within LiteDB's 1,023 bytes.
    private const int MaxKeyLength = 1000;

    public static string Of(string kind, string id, string? partId = null)
    {
        var group = Keys.Cut(kind + ":" + id + (partId is null ? "" : "/" + partId));
        while (Keys.Lowest(group).Length > MaxKeyLength) group = group[..^10];
        return group;
    }

    /// <summary>The kind and id a subject's group was made of (an id cut to fit comes back cut).</summary>
    public static (string Kind, string Id) Split(string group)
    {
        var colon = group.IndexOf(':', StringComparison.Ordinal);
        return (group[..colon], group[(colon + 1)..]);
    }

    /// <summary>The id of the subject's document.</summary>
    public static string DocumentId(string group) => Keys.Lowest(group);
}

/// <summary>A subject's kept figures, in memory between commits (see <see cref="Schema.Subjects"/>).</summary>
internal sealed class SubjectTally
{
    public required string Group { get; init; }
    public required string Kind { get; init; }
    public required string Id { get; init; }
    public string? Name { get; set; }
    /// <summary>The name its events show from now on, and the ones they showed before (see <see cref="FormerNames"/>).</summary>
    public string? EventName { get; set; }
    public BsonValue Former { get; set; } = BsonValue.Null;
    public string? Parent { get; init; }
    public long Current { get; set; }
    public Dictionary<string, long> Counts { get; init; } = new(StringComparer.Ordinal);

    public string DocumentId => SubjectGroup.DocumentId(Group);

    public BsonDocument ToBson()
    {
        var doc = new BsonDocument
        {
            [Schema.Id] = DocumentId,
            [S.Kind] = Parent is null ? Kind : "",
            [S.Id] = Id,
            [S.Current] = Current,
            [S.Counts] = SubjectCounts.ToBson(Counts),
        };
        if (Name is not null) doc[S.Name] = Name;
        if (EventName is not null) doc[S.EventName] = EventName;
        if (Former.IsArray) doc[S.FormerNames] = Former;
        if (Parent is not null) doc[S.Parent] = Parent;
        return doc;
    }

    public static SubjectTally FromBson(string group, string kind, BsonDocument d) => new()
    {
        Group = group,
        Kind = kind,
        Id = d[S.Id].AsString,
        Name = Bson.Str(d[S.Name]),
        EventName = Bson.Str(d[S.EventName]),
        Former = d[S.FormerNames],
        Parent = Bson.Str(d[S.Parent]),
        Current = d[S.Current].AsInt64,
        Counts = SubjectCounts.FromBson(d[S.Counts]),
    };
}

/// <summary>A subject's counts on one day, in memory between commits (see <see cref="Schema.SubjectDays"/>).</summary>
internal sealed class SubjectDayTally
{
    public required string DocumentId { get; init; }
    public required string Subject { get; init; }
    public required string Day { get; init; }
    public string? KindDay { get; init; }
    public Dictionary<string, long> Counts { get; init; } = new(StringComparer.Ordinal);

    public BsonDocument ToBson()
    {
        var doc = new BsonDocument { [Schema.Id] = DocumentId, [D.Subject] = Subject, [D.Day] = Day, [D.Counts] = SubjectCounts.ToBson(Counts) };
        if (KindDay is not null) doc[D.KindDay] = KindDay;
        return doc;
    }
}

/// <summary>Counts per action stored as a <see cref="Schema.Map"/>: an action name is any string, and a field name cannot hold every character.</summary>
internal static class SubjectCounts
{
    public static BsonArray ToBson(Dictionary<string, long> counts) =>
        new(counts.Select(p => new BsonDocument { [Schema.Map.Key] = p.Key, [Schema.Map.Count] = p.Value }));

    public static Dictionary<string, long> FromBson(BsonValue v) =>
        v.IsArray ? v.AsArray.ToDictionary(e => e[Schema.Map.Key].AsString, e => e[Schema.Map.Count].AsInt64, StringComparer.Ordinal) : new(StringComparer.Ordinal);

    public static void Add(Dictionary<string, long> into, IReadOnlyDictionary<string, long> counts)
    {
        foreach (var (k, n) in counts) into[k] = into.GetValueOrDefault(k) + n;
    }
}

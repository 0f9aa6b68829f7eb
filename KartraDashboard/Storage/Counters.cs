using System.Collections.ObjectModel;
using LiteDB;
using C = KartraDashboard.Storage.Schema.Meta.Counters;

namespace KartraDashboard.Storage;

/// <summary>
/// Totals kept on write, so that no page has to count a collection (LiteDB's Count walks the
/// whole index). Only the writer changes them; readers get a <see cref="Totals"/> snapshot.
/// </summary>
internal sealed class Counters
{
    public long LastEventId { get; set; }
    public long LastQuarantineId { get; set; }
    public DateTime LastReceivedAt { get; set; } = DateTime.MinValue;
    public long Leads { get; set; }
    /// <summary>Events and quarantined bodies stored now: ids only rise, but erasure and retention remove some.</summary>
    public long Events { get; set; }
    public long Quarantined { get; set; }
    /// <summary>Leads whose latest ping says Kartra deleted them.</summary>
    public long DeletedLeads { get; set; }
    /// <summary>Leads per GDPR status of their latest snapshot; key "none" for a snapshot without one.</summary>
    public Dictionary<string, long> Gdpr { get; private set; } = new(StringComparer.Ordinal);
    /// <summary>Leads per communications consent: "agreed", "notAgreed", "unknown".</summary>
    public Dictionary<string, long> Communications { get; private set; } = new(StringComparer.Ordinal);

    public const string DocumentId = "counters";

    /// <summary>Kartra documents statuses 0 to 5; any other counts with the leads that have none, so a ping cannot add keys.</summary>
    public static string GdprKey(int? status) => status is >= 0 and <= 5 ? status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    public const string Agreed = "agreed", NotAgreed = "notAgreed", Unknown = "unknown";

    /// <summary>Kartra's gdpr_lead_communications: 0 means agreed, 1 not agreed.</summary>
    public static string CommunicationsKey(int? flag) => flag switch { 0 => Agreed, 1 => NotAgreed, _ => Unknown };

    public static void Bump(Dictionary<string, long> map, string key, long by) =>
        map[key] = map.GetValueOrDefault(key) + by;

    /// <summary>
    /// Taken after every commit: plain read-only copies (a handful of keys each), since building
    /// frozen dictionaries would cost more than the readers ever save.
    /// </summary>
    public Totals Snapshot() => new(LastEventId, LastQuarantineId, LastReceivedAt, Leads,
        new Dictionary<string, long>(Gdpr, StringComparer.Ordinal).AsReadOnly(), new Dictionary<string, long>(Communications, StringComparer.Ordinal).AsReadOnly())
        { Events = Events, Quarantined = Quarantined, DeletedLeads = DeletedLeads };

    public BsonDocument ToBson() => new()
    {
        [Schema.Id] = DocumentId,
        [C.LastEvent] = LastEventId,
        [C.LastQuarantine] = LastQuarantineId,
        [C.LastAt] = LastReceivedAt,
        [C.Leads] = Leads,
        [C.Gdpr] = MapToBson(Gdpr),
        [C.Communications] = MapToBson(Communications),
        [C.Events] = Events,
        [C.Quarantined] = Quarantined,
        [C.DeletedLeads] = DeletedLeads,
    };

    public static Counters FromBson(BsonDocument? doc)
    {
        if (doc is null) return new Counters();
        return new Counters
        {
            LastEventId = doc[C.LastEvent].AsInt64,
            LastQuarantineId = doc[C.LastQuarantine].AsInt64,
            LastReceivedAt = DateTime.SpecifyKind(doc[C.LastAt].AsDateTime, DateTimeKind.Utc),
            Leads = doc[C.Leads].AsInt64,
            Gdpr = MapFromBson(doc[C.Gdpr]),
            Communications = MapFromBson(doc[C.Communications]),
            // Files written before anything could be removed: every id issued is still stored.
            Events = doc[C.Events].IsNumber ? doc[C.Events].AsInt64 : doc[C.LastEvent].AsInt64,
            Quarantined = doc[C.Quarantined].IsNumber ? doc[C.Quarantined].AsInt64 : doc[C.LastQuarantine].AsInt64,
            DeletedLeads = doc[C.DeletedLeads].IsNumber ? doc[C.DeletedLeads].AsInt64 : 0,
        };
    }

    // Keys are stored as values, not as field names: a field name cannot hold every character.
    private static BsonArray MapToBson(Dictionary<string, long> map) =>
        new(map.Select(p => new BsonDocument { [Schema.Map.Key] = p.Key, [Schema.Map.Count] = p.Value }));

    private static Dictionary<string, long> MapFromBson(BsonValue v) =>
        v.IsArray ? v.AsArray.ToDictionary(e => e[Schema.Map.Key].AsString, e => e[Schema.Map.Count].AsInt64, StringComparer.Ordinal) : new(StringComparer.Ordinal);
}

/// <summary>The kept totals as of one commit, as readers see them: never changed once made.</summary>
public sealed record Totals(
    long LastEventId,
    long LastQuarantineId,
    DateTime LastReceivedAt,
    long Leads,
    IReadOnlyDictionary<string, long> Gdpr,
    IReadOnlyDictionary<string, long> Communications)
{
    /// <summary>Events stored now (see <see cref="Counters.Events"/>).</summary>
    public long Events { get; init; }
    public long Quarantined { get; init; }
    public long DeletedLeads { get; init; }

    public static readonly Totals Empty = new(0, 0, DateTime.MinValue, 0, ReadOnlyDictionary<string, long>.Empty, ReadOnlyDictionary<string, long>.Empty);
}

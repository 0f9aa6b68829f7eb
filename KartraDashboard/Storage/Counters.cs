using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// Totals kept on write, so that no page has to count a collection (LiteDB's Count walks the
/// whole index). Only the writer changes them; readers get a copy.
/// </summary>
public sealed class Counters
{
    public long LastEventId { get; set; }
    public long LastQuarantineId { get; set; }
    public DateTime LastReceivedAt { get; set; } = DateTime.MinValue;
    public long Leads { get; set; }
    /// <summary>Leads per GDPR status of their latest snapshot; key "none" for a snapshot without one.</summary>
    public Dictionary<string, long> Gdpr { get; private set; } = new(StringComparer.Ordinal);
    /// <summary>Leads per communications consent: "agreed", "notAgreed", "unknown".</summary>
    public Dictionary<string, long> Communications { get; private set; } = new(StringComparer.Ordinal);

    public const string DocumentId = "counters";

    public static string GdprKey(int? status) => status is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    public static string CommunicationsKey(int? flag) => flag switch { 0 => "agreed", 1 => "notAgreed", _ => "unknown" };

    public static void Bump(Dictionary<string, long> map, string key, long by) =>
        map[key] = map.GetValueOrDefault(key) + by;

    public Counters Copy() => new()
    {
        LastEventId = LastEventId,
        LastQuarantineId = LastQuarantineId,
        LastReceivedAt = LastReceivedAt,
        Leads = Leads,
        Gdpr = new(Gdpr, StringComparer.Ordinal),
        Communications = new(Communications, StringComparer.Ordinal),
    };

    public BsonDocument ToBson() => new()
    {
        ["_id"] = DocumentId,
        ["lastEvent"] = LastEventId,
        ["lastQuarantine"] = LastQuarantineId,
        ["lastAt"] = LastReceivedAt,
        ["leads"] = Leads,
        ["gdpr"] = MapToBson(Gdpr),
        ["comm"] = MapToBson(Communications),
    };

    public static Counters FromBson(BsonDocument? doc)
    {
        if (doc is null) return new Counters();
        return new Counters
        {
            LastEventId = doc["lastEvent"].AsInt64,
            LastQuarantineId = doc["lastQuarantine"].AsInt64,
            LastReceivedAt = DateTime.SpecifyKind(doc["lastAt"].AsDateTime, DateTimeKind.Utc),
            Leads = doc["leads"].AsInt64,
            Gdpr = MapFromBson(doc["gdpr"]),
            Communications = MapFromBson(doc["comm"]),
        };
    }

    // Keys are stored as values, not as field names: a field name cannot hold every character.
    private static BsonArray MapToBson(Dictionary<string, long> map) =>
        new(map.Select(p => new BsonDocument { ["k"] = p.Key, ["n"] = p.Value }));

    private static Dictionary<string, long> MapFromBson(BsonValue v) =>
        v.IsArray ? v.AsArray.ToDictionary(e => e["k"].AsString, e => e["n"].AsInt64, StringComparer.Ordinal) : new(StringComparer.Ordinal);
}

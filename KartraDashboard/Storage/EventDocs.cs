using System.Globalization;
using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>Reads stored documents back into the records the API and pages show.</summary>
internal static class EventDocs
{
    public static EventItem ToItem(BsonDocument d) => new(
        d["_id"].AsInt64.ToString(CultureInfo.InvariantCulture),
        Utc(d["at"]),
        d["action"].AsString,
        Str(d["lead"]),
        Str(d["email"]),
        Str(d["name"]),
        d["summary"].AsString,
        d["amount"].IsNull ? null : d["amount"].AsDecimal,
        d["dup"].AsBoolean);

    public static DateTimeOffset Utc(BsonValue v) => new(DateTime.SpecifyKind(v.AsDateTime, DateTimeKind.Utc));

    public static string? Str(BsonValue v) => v.IsNull ? null : v.IsString ? v.AsString : v.ToString();

    public static int? Int(BsonValue v) => v.IsNumber ? v.AsInt32 : null;

    public static LeadItem ToLead(BsonDocument d) => new(
        d["_id"].AsString,
        Str(d["email"]),
        Str(d["name"]),
        Int(d["gdpr"]),
        Int(d["comm"]),
        Int(d["score"]),
        d["spent"].AsDecimal,
        d["refunded"].AsDecimal,
        d["n"].AsInt64,
        Utc(d["first"]),
        Utc(d["last"]));

    public static TransactionRow ToTransaction(BsonDocument d)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, v) in d["fields"].AsDocument) fields[k] = Str(v);
        return new TransactionRow(
            d["event"].AsInt64.ToString(CultureInfo.InvariantCulture),
            d["action"].AsString,
            d["type"].AsString,
            Str(d["txid"]),
            Utc(d["date"]),
            Str(d["lead"]),
            Str(d["email"]),
            Str(d["productId"]),
            Str(d["productName"]),
            d["amount"].IsNull ? null : d["amount"].AsDecimal,
            Str(d["processor"]),
            fields);
    }

    public static QuarantineItem ToQuarantine(BsonDocument d) => new(
        d["_id"].AsInt64.ToString(CultureInfo.InvariantCulture),
        Utc(d["at"]),
        d["reason"].AsString,
        Str(d["ct"]),
        Str(d["ip"]),
        d["len"].AsInt32,
        d["event"].IsNull ? null : d["event"].AsInt64.ToString(CultureInfo.InvariantCulture));
}

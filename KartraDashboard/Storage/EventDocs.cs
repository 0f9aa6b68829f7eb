using System.Globalization;
using KartraDashboard.Ingestion;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using L = KartraDashboard.Storage.Schema.Leads;
using T = KartraDashboard.Storage.Schema.Transactions;
using Q = KartraDashboard.Storage.Schema.Quarantine;

namespace KartraDashboard.Storage;

/// <summary>Reads stored documents back into the records the API and pages show.</summary>
internal static class EventDocs
{
    /// <summary>
    /// The event as lists show it. Its email and name, and its subject's name, are those its lead and
    /// subject had when it was stored, read from them (see <see cref="EventNames"/>), unless the
    /// document holds its own (a ping with none, or with others than its lead had, or no lead).
    /// </summary>
    public static EventItem ToItem(BsonDocument d, EventNames names)
    {
        var action = Action(d);
        var subject = SubjectDocs.Read(d, names);
        var lead = Lead(d);
        var (email, name) = lead is null || d.ContainsKey(E.Email) || d.ContainsKey(E.Name)
            ? (Bson.Str(d[E.Email]), Bson.Str(d[E.Name]))
            : names.Lead(lead, d[Schema.Id].AsInt64);
        return new(
            d[Schema.Id].AsInt64.ToString(CultureInfo.InvariantCulture),
            Bson.Utc(d[E.At]),
            action,
            lead,
            email,
            name,
            Bson.Str(d[E.Summary]) ?? PingSummary.OfSubject(action, subject),
            Bson.Decimal(d[E.Amount]),
            Bson.Flag(d[E.Duplicate]))
        {
            AmountRejected = Bson.Flag(d[E.AmountRejected]),
            Subject = subject,
        };
    }

    /// <summary>The event's action: from its key, or as documents written before hold it.</summary>
    public static string Action(BsonDocument d) => d[E.Action] is { IsString: true } action ? action.AsString : Keys.GroupOf(d[E.ActionKey].AsString);

    /// <summary>The event's lead id, where it has one: from its key, or as documents written before hold it.</summary>
    public static string? Lead(BsonDocument d) =>
        d[E.Lead] is { IsString: true } lead ? lead.AsString : d[E.LeadKey] is { IsString: true } key ? Keys.GroupOf(key.AsString) : null;

    /// <summary>
    /// The Content-Type the body came with. Documents written before hold it as it came (absent:
    /// none); those written since (without <see cref="E.Action"/>) leave the usual one out.
    /// </summary>
    public static string? ContentType(BsonDocument d) =>
        d.TryGetValue(E.ContentType, out var ct) ? Bson.Str(ct) : d.ContainsKey(E.Action) ? null : E.UsualContentType;

    /// <summary>The raw body as it arrived; empty once retention has removed it.</summary>
    public static byte[] Body(BsonDocument d)
    {
        if (d[E.Body] is not { IsBinary: true } body) return [];
        return d.TryGetValue(E.BodyLength, out var length) ? RawBody.Decompress(body.AsBinary, length.AsInt32) : RawBody.Decompress(body.AsBinary);
    }

    public static LeadItem ToLead(BsonDocument d) => LeadAttributeDocs.With(new(
        d[Schema.Id].AsString,
        Bson.Str(d[L.Email]),
        Bson.Str(d[L.Name]),
        Bson.Int(d[L.Gdpr]),
        Bson.Int(d[L.Communications]),
        Bson.Int(d[L.Score]),
        d[L.Spent].AsDecimal,
        d[L.Refunded].AsDecimal,
        d[L.Events].AsInt64,
        Bson.Utc(d[L.First]),
        Bson.Utc(d[L.Last])), d);

    public static TransactionRow ToTransaction(BsonDocument d)
    {
        var fields = TransactionFieldsPacking.Unpack(d[T.Fields]);
        return new TransactionRow(
            d[T.Event].IsNull ? null : d[T.Event].AsInt64.ToString(CultureInfo.InvariantCulture),
            d[T.Action].AsString,
            d[T.Type].AsString,
            Bson.Str(d[T.TransactionId]),
            Bson.Utc(d[T.Date]),
            Bson.Str(d[T.Lead]),
            Bson.Str(d[T.Email]),
            Bson.Str(d[T.ProductId]),
            Bson.Str(d[T.ProductName]),
            Bson.Decimal(d[T.Amount]),
            Bson.Str(d[T.Processor]),
            fields);
    }

    public static QuarantineItem ToQuarantine(BsonDocument d) => new(
        d[Schema.Id].AsInt64.ToString(CultureInfo.InvariantCulture),
        Bson.Utc(d[Q.At]),
        d[Q.Reason].AsString,
        Bson.Str(d[Q.ContentType]),
        Bson.Str(d[Q.RemoteAddress]),
        d[Q.BodyLength].AsInt32,
        d[Q.Event].IsNull ? null : d[Q.Event].AsInt64.ToString(CultureInfo.InvariantCulture));
}

using System.Globalization;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using L = KartraDashboard.Storage.Schema.Leads;
using T = KartraDashboard.Storage.Schema.Transactions;
using Q = KartraDashboard.Storage.Schema.Quarantine;

namespace KartraDashboard.Storage;

/// <summary>Reads stored documents back into the records the API and pages show.</summary>
internal static class EventDocs
{
    public static EventItem ToItem(BsonDocument d) => new(
        d[Schema.Id].AsInt64.ToString(CultureInfo.InvariantCulture),
        Bson.Utc(d[E.At]),
        d[E.Action].AsString,
        Bson.Str(d[E.Lead]),
        Bson.Str(d[E.Email]),
        Bson.Str(d[E.Name]),
        d[E.Summary].AsString,
        Bson.Decimal(d[E.Amount]),
        Bson.Flag(d[E.Duplicate]))
    {
        AmountRejected = Bson.Flag(d[E.AmountRejected]),
        Subject = SubjectDocs.Read(d),
    };

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

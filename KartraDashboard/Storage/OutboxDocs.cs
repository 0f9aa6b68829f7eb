using System.Globalization;
using LiteDB;
using A = KartraDashboard.Storage.Schema.AlertRules;
using D = KartraDashboard.Storage.Schema.Deliveries;
using F = KartraDashboard.Storage.Schema.ForwardTargets;

namespace KartraDashboard.Storage;

/// <summary>Outbox documents read back into records, and rules written as documents.</summary>
internal static class OutboxDocs
{
    private static string Id(BsonDocument d) => d[Schema.Id].AsInt64.ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<string>? Strings(BsonValue v) => v.IsArray ? v.AsArray.Select(a => a.AsString).ToList() : null;

    private static BsonValue Array(IReadOnlyList<string>? items) =>
        items is null ? BsonValue.Null : new BsonArray(items.Select(a => new BsonValue(a)));

    public static ForwardTarget Target(BsonDocument d, bool withSecret) =>
        new(Id(d), d[F.Url].AsString, Strings(d[F.Actions]), d[F.Enabled].AsBoolean)
        {
            Secret = withSecret ? d[F.Secret].AsString : null,
            DisabledBy = Bson.Str(d[F.DisabledBy]),
            Created = Bson.Utc(d[F.Created]),
        };

    public static AlertRule Rule(BsonDocument d)
    {
        var c = d[A.Channel].AsDocument;
        return new AlertRule(Id(d), d[A.Name].AsString, d[A.Type].AsString,
            new AlertChannel(c[A.ChannelType].AsString, Bson.Str(c[A.ChannelTo]), Bson.Str(c[A.ChannelUrl])), d[A.Enabled].AsBoolean)
        {
            Actions = Strings(d[A.Actions]),
            Product = Bson.Str(d[A.Product]),
            MinAmount = d[A.MinAmount].IsNull ? null : d[A.MinAmount].AsDecimal,
            Hours = d[A.Hours].IsNull ? null : d[A.Hours].AsInt32,
            Every = Bson.Str(d[A.Every]),
            Created = Bson.Utc(d[A.Created]),
        };
    }

    public static BsonDocument RuleToBson(AlertRule r)
    {
        var channel = new BsonDocument { [A.ChannelType] = r.Channel.Type };
        if (r.Channel.To is not null) channel[A.ChannelTo] = r.Channel.To;
        if (r.Channel.Url is not null) channel[A.ChannelUrl] = r.Channel.Url;
        var doc = new BsonDocument { [A.Name] = r.Name, [A.Type] = r.Type, [A.Channel] = channel };
        if (r.Actions is not null) doc[A.Actions] = Array(r.Actions);
        if (r.Product is not null) doc[A.Product] = r.Product;
        if (r.MinAmount is { } min) doc[A.MinAmount] = min;
        if (r.Hours is { } hours) doc[A.Hours] = hours;
        if (r.Every is not null) doc[A.Every] = r.Every;
        return doc;
    }

    public static Delivery Delivery(BsonDocument d) => new(
        Id(d),
        d[D.Event].IsNull ? null : d[D.Event].AsInt64.ToString(CultureInfo.InvariantCulture),
        d[D.Status].AsString,
        d[D.Attempts].AsInt32,
        d[D.LastAttempt].IsNull ? null : Bson.Utc(d[D.LastAttempt]),
        d[D.LastStatus].IsNull ? null : d[D.LastStatus].AsInt32,
        Bson.Str(d[D.LastAnswer]),
        d[D.Status].AsString != DeliveryStatus.Pending ? null : d[D.Due].IsNull ? null : Bson.Utc(d[D.Due]));

    public static OwedDelivery Owed(BsonDocument d) => new(
        d[Schema.Id].AsInt64,
        Destination.Parse(d[D.Destination].AsString),
        d[D.Event].IsNull ? null : d[D.Event].AsInt64,
        Bson.Str(d[D.Text]),
        d[D.Body].IsNull ? null : d[D.Body].AsBinary,
        Bson.Str(d[D.ContentType]),
        Bson.Str(d[D.Product]),
        d[D.Attempts].AsInt32,
        d[D.Due].IsNull ? null : DateTime.SpecifyKind(d[D.Due].AsDateTime, DateTimeKind.Utc),
        d[D.FirstAttempt].IsNull ? null : DateTime.SpecifyKind(d[D.FirstAttempt].AsDateTime, DateTimeKind.Utc));
}

/// <summary>The head of a destination's queue, as the sender needs it.</summary>
public sealed record OwedDelivery(long Id, Destination To, long? EventId, string? Text, byte[]? Body, string? ContentType, string? Product,
    int Attempts, DateTime? Due, DateTime? FirstAttempt);

/// <summary>What the sender needs of a silence or digest rule to watch it.</summary>
public sealed record WatchedRule(AlertRule Rule, bool Silent, long SeenEvent, DateTime? ActiveAt, DateTime? LastDigest);

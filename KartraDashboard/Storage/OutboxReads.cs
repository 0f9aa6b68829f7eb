using LiteDB;
using A = KartraDashboard.Storage.Schema.AlertRules;
using D = KartraDashboard.Storage.Schema.Deliveries;
using E = KartraDashboard.Storage.Schema.Events;
using F = KartraDashboard.Storage.Schema.ForwardTargets;

namespace KartraDashboard.Storage;

/// <summary>Reads of the forwarding targets, alert rules and the outbox: every list is an index range from a cursor.</summary>
public sealed class OutboxReads(Database db, StoreWriter writer)
{
    public OutboxCounts Counts => writer.OutboxCounts;

    public IReadOnlyList<ForwardTarget> Targets(bool withSecrets = false)
    {
        using var read = db.BeginRead();
        return db.Collection(F.Collection).FindAll().Select(d => OutboxDocs.Target(d, withSecrets)).ToList();
    }

    public ForwardTarget? Target(long id, bool withSecret = false)
    {
        using var read = db.BeginRead();
        return db.Collection(F.Collection).FindById(id) is { } d ? OutboxDocs.Target(d, withSecret) : null;
    }

    public IReadOnlyList<AlertRule> Rules()
    {
        using var read = db.BeginRead();
        return db.Collection(A.Collection).FindAll().Select(OutboxDocs.Rule).ToList();
    }

    public AlertRule? Rule(long id)
    {
        using var read = db.BeginRead();
        return db.Collection(A.Collection).FindById(id) is { } d ? OutboxDocs.Rule(d) : null;
    }

    /// <summary>The enabled silence and digest rules, with where each stands.</summary>
    public IReadOnlyList<WatchedRule> WatchedRules()
    {
        using var read = db.BeginRead();
        return db.Collection(A.Collection).FindAll()
            .Where(d => d[A.Enabled].AsBoolean && d[A.Type].AsString != AlertTypes.Event)
            .Select(d => new WatchedRule(OutboxDocs.Rule(d), Bson.Flag(d[A.Silent]), d[A.SeenEvent].IsNull ? 0 : d[A.SeenEvent].AsInt64,
                d[A.ActiveAt].IsNull ? null : DateTime.SpecifyKind(d[A.ActiveAt].AsDateTime, DateTimeKind.Utc),
                d[A.LastDigest].IsNull ? null : DateTime.SpecifyKind(d[A.LastDigest].AsDateTime, DateTimeKind.Utc)))
            .ToList();
    }

    /// <summary>The oldest delivery a destination still owes: the head of its queue, one index seek.</summary>
    public OwedDelivery? Head(Destination to) => Heads(to, 1).FirstOrDefault();

    /// <summary>The oldest deliveries a destination still owes, in the order they are made: one index range.</summary>
    public IReadOnlyList<OwedDelivery> Heads(Destination to, int take)
    {
        using var read = db.BeginRead();
        return InStatus(db.Collection(D.Collection), to, DeliveryStatus.Pending, Query.Ascending, take, null).Select(OutboxDocs.Owed).ToList();
    }

    /// <summary>A destination's deliveries, newest first, of one status or all (their status ranges merged), older than a cursor.</summary>
    public IReadOnlyList<Delivery> Deliveries(Destination to, string? status, int take, long? before = null)
    {
        using var read = db.BeginRead();
        take = Paging.Take(take);
        var deliveries = db.Collection(D.Collection);
        // The ranges are read one after another while the sender may move a delivery on from pending:
        // read in the order statuses move (see DeliveryStatus.All), a delivery is seen at least
        // once, and where twice, its later status is the one kept.
        return (status is null ? DeliveryStatus.All : [status])
            .SelectMany(s => InStatus(deliveries, to, s, Query.Descending, take, before))
            .GroupBy(d => d[Schema.Id].AsInt64).Select(g => g.Last())
            .OrderByDescending(d => d[Schema.Id].AsInt64).Take(take).Select(OutboxDocs.Delivery).ToList();
    }

    /// <summary>A destination's deliveries of one status in id order, below <paramref name="before"/>: one index range.</summary>
    internal static List<BsonDocument> InStatus(ILiteCollection<BsonDocument> deliveries, Destination to, string status, int order, int take, long? before)
    {
        var group = Ledger.StatusGroup(to, status);
        var query = new Query { OrderBy = "$." + D.StatusKey, Order = order, Limit = take };
        query.Where.Add(Filter.Between(D.StatusKey, Keys.Lowest(group), Keys.Of(group, (before ?? Keys.MaxId + 1) - 1)));
        return deliveries.Find(query).Where(d => Keys.IsIn(d[D.StatusKey].AsString, group)).ToList();
    }

    /// <summary>An event's raw body as it arrived, its Content-Type, and the event as lists show it.</summary>
    public (byte[] Body, string? ContentType, EventItem Item)? Event(long id)
    {
        using var read = db.BeginRead();
        if (db.Collection(E.Collection).FindById(id) is not { } doc) return null;
        return (EventDocs.Body(doc), EventDocs.ContentType(doc), EventDocs.ToItem(doc, new EventNames(db)));
    }
}

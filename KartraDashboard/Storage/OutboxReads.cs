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
        var group = Ledger.StatusGroup(to, DeliveryStatus.Pending);
        var query = new Query { OrderBy = "$." + D.StatusKey, Limit = take };
        query.Where.Add(Query.Between(D.StatusKey, Keys.Lowest(group), Keys.Highest(group)));
        return db.Collection(D.Collection).Find(query).ToList()
            .Where(d => Keys.IsIn(d[D.StatusKey].AsString, group)).Select(OutboxDocs.Owed).ToList();
    }

    /// <summary>A destination's deliveries, newest first, of one status or all, older than a cursor.</summary>
    public IReadOnlyList<Delivery> Deliveries(Destination to, string? status, int take, long? before = null)
    {
        using var read = db.BeginRead();
        var (field, group) = status is null ? (D.DestinationKey, to.ToString()) : (D.StatusKey, Ledger.StatusGroup(to, status));
        var query = new Query { OrderBy = "$." + field, Order = Query.Descending, Limit = Paging.Take(take) };
        query.Where.Add(Query.Between(field, Keys.Lowest(group), Keys.Of(group, (before ?? Keys.MaxId + 1) - 1)));
        return db.Collection(D.Collection).Find(query).ToList()
            .Where(d => Keys.IsIn(d[field].AsString, group)).Select(OutboxDocs.Delivery).ToList();
    }

    /// <summary>An event's raw body as it arrived, its Content-Type, and the event as lists show it.</summary>
    public (byte[] Body, string? ContentType, EventItem Item)? Event(long id)
    {
        using var read = db.BeginRead();
        if (db.Collection(E.Collection).FindById(id) is not { } doc) return null;
        return (EventDocs.Body(doc), EventDocs.ContentType(doc), EventDocs.ToItem(doc));
    }
}

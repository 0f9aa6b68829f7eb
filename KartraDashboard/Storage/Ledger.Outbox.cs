using KartraDashboard.Ingestion;
using LiteDB;
using A = KartraDashboard.Storage.Schema.AlertRules;
using D = KartraDashboard.Storage.Schema.Deliveries;
using E = KartraDashboard.Storage.Schema.Events;
using F = KartraDashboard.Storage.Schema.ForwardTargets;

namespace KartraDashboard.Storage;

/// <summary>
/// The outbox's part of the writer's work. An alert an event owes is inserted in the commit that
/// stores the event; so is what it owes to forwarding targets, but as the targets' ids on the
/// event itself (<see cref="E.Forwards"/>), which costs the ping's commit no document and no index
/// key: their delivery documents are written out after it, between bursts of pings
/// (<see cref="FeedForwards"/>). Either way a crash loses none. The targets and rules are few and
/// kept in memory (read again after any change to them), so a ping that matches nothing costs no
/// read at all.
/// </summary>
internal sealed partial class Ledger
{
    private sealed record TargetPlan(Destination To, HashSet<string>? Actions);
    private sealed record RulePlan(Destination To, HashSet<string>? Actions, string? Product, decimal? MinAmount);

    private ILiteCollection<BsonDocument>? _deliveriesCollection;
    private ILiteCollection<BsonDocument> Deliveries => _deliveriesCollection ??= db.Collection(D.Collection);
    private ILiteCollection<BsonDocument> Targets => db.Collection(F.Collection);
    private ILiteCollection<BsonDocument> Rules => db.Collection(A.Collection);

    // Null: read again before the next ping.
    private TargetPlan[]? _targetPlans;
    // Every target, paused ones too, with the last event stored before it was created.
    private Dictionary<long, long>? _targetsAfter;
    private RulePlan[]? _rulePlans;
    private long _lastDeliveryId = -1;
    private OutboxCounts? _outboxCounts;
    private bool _outboxCountsChanged;
    // -1: not read yet (see FedThrough, LastForwarded).
    private long _fedThrough = -1;
    private long _lastForwarded = -1;

    /// <summary>The kept counts as of the last commit's end.</summary>
    public OutboxCounts OutboxCounts => _outboxCounts ??= ReadOutboxCounts();

    /// <summary>Whether stored events owe forwarding deliveries not yet written out.</summary>
    public bool ForwardsToFeed => FedThrough(Counters.LastEventId) < LastForwarded;

    /// <summary>The last event that owed a target; in a file without it, any stored event may have.</summary>
    private long LastForwarded =>
        _lastForwarded >= 0 ? _lastForwarded
            : _lastForwarded = _meta.FindById(D.CountsId) is { } d && d[D.OwedThrough].IsNumber ? d[D.OwedThrough].AsInt64 : Counters.LastEventId;

    /// <summary>
    /// The last event whose forwarding deliveries are written out. A file without it has none owed
    /// on its events: before, deliveries were written in the event's own commit, so every event
    /// before <paramref name="fallback"/> is fed.
    /// </summary>
    private long FedThrough(long fallback) =>
        _fedThrough >= 0 ? _fedThrough
            : _fedThrough = _meta.FindById(D.CountsId) is { } d && d[D.FedThrough].IsNumber ? d[D.FedThrough].AsInt64 : fallback;

    /// <summary>
    /// What a stored, non-duplicate event owes forwarding targets: the ids of the enabled ones that
    /// take it, to keep on the event, counted as pending at once.
    /// </summary>
    private BsonArray? OweForwards(long eventId, KartraPing ping)
    {
        if (_targetPlans is null || _rulePlans is null) LoadPlans();
        BsonArray? owed = null;
        foreach (var t in _targetPlans!)
            if (t.Actions is null || t.Actions.Contains(ping.Action)) (owed ??= []).Add(t.To.Id);
        if (owed is null) return null;
        FedThrough(eventId - 1);
        _lastForwarded = eventId;
        CountOutbox(pending: owed.Count, failed: 0);
        return owed;
    }

    /// <summary>An alert for every enabled event rule that a stored, non-duplicate event matches.</summary>
    private void OweAlerts(long eventId, KartraPing ping)
    {
        foreach (var r in _rulePlans!)
            if (Matches(r, ping)) Owe(r.To, eventId, product: ping.Transaction?.ProductName);
    }

    /// <summary>
    /// Writes out the forwarding deliveries the next <paramref name="batch"/> events owe, in event
    /// order, and moves the cursor past them; answers whether more are owed. A target deleted since
    /// is skipped, and its delivery leaves the pending count; so is one created after the event,
    /// which can only be a new target that took a deleted one's id.
    /// </summary>
    public bool FeedForwards(int batch)
    {
        if (_targetPlans is null || _rulePlans is null) LoadPlans();
        var fed = FedThrough(Counters.LastEventId);
        var events = EventsAfter(fed, Keys.MaxId, batch, E.Forwards);
        foreach (var e in events)
        {
            if (!e[E.Forwards].IsArray) continue;
            foreach (var target in e[E.Forwards].AsArray)
            {
                var id = e[Schema.Id].AsInt64;
                if (_targetsAfter!.TryGetValue(target.AsInt64, out var after) && id > after) Write(Destination.Target(target.AsInt64), id);
                else CountOutbox(pending: -1, failed: 0);
            }
        }
        // Past the last event that owes one: events erased since are no longer there to read.
        _fedThrough = events.Count == batch ? events[^1][Schema.Id].AsInt64 : Math.Max(fed, LastForwarded);
        if (_fedThrough != fed) _outboxCountsChanged = true;
        return ForwardsToFeed;
    }

    /// <summary>An event that goes before its forwarding deliveries are written out takes them out of the pending count.</summary>
    private void ForgetForwards(BsonDocument eventDoc)
    {
        if (eventDoc[E.Forwards].IsArray && eventDoc[Schema.Id].AsInt64 > FedThrough(Counters.LastEventId))
            CountOutbox(pending: -eventDoc[E.Forwards].AsArray.Count, failed: 0);
    }

    private static bool Matches(RulePlan r, KartraPing ping)
    {
        if (r.Actions is not null && !r.Actions.Contains(ping.Action)) return false;
        var tx = ping.Transaction;
        if (r.Product is { } product &&
            !string.Equals(tx?.ProductId, product, StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(tx?.ProductName, product, StringComparison.OrdinalIgnoreCase)) return false;
        // A sale compares its full amount; a refund its absolute value.
        if (r.MinAmount is { } min && !(tx?.FullAmount is { } amount && Math.Abs(amount) >= min)) return false;
        return true;
    }

    private void LoadPlans()
    {
        var targets = Targets.FindAll().ToList();
        _targetsAfter = targets.ToDictionary(d => d[Schema.Id].AsInt64, d => d[F.After].IsNumber ? d[F.After].AsInt64 : 0);
        _targetPlans = targets.Where(d => d[F.Enabled].AsBoolean)
            .Select(d => new TargetPlan(Destination.Target(d[Schema.Id].AsInt64), ActionSet(d[F.Actions]))).ToArray();
        _rulePlans = Rules.FindAll().Where(d => d[A.Enabled].AsBoolean && d[A.Type].AsString == AlertTypes.Event)
            .Select(d => new RulePlan(Destination.Rule(d[Schema.Id].AsInt64), ActionSet(d[A.Actions]), Bson.Str(d[A.Product]),
                d[A.MinAmount].IsNull ? null : d[A.MinAmount].AsDecimal)).ToArray();
    }

    private static HashSet<string>? ActionSet(BsonValue v) =>
        v.IsArray ? v.AsArray.Select(a => a.AsString).ToHashSet(StringComparer.Ordinal) : null;

    private long Owe(Destination to, long? eventId, string? text = null, byte[]? body = null, string? contentType = null, string? product = null)
    {
        CountOutbox(pending: 1, failed: 0);
        return Write(to, eventId, text, body, contentType, product);
    }

    /// <summary>A delivery's document, pending; counted by the caller.</summary>
    private long Write(Destination to, long? eventId, string? text = null, byte[]? body = null, string? contentType = null, string? product = null)
    {
        if (_lastDeliveryId < 0)
            _lastDeliveryId = Deliveries.Find(Query.All(Query.Descending), 0, 1).FirstOrDefault() is { } last ? last[Schema.Id].AsInt64 : 0;
        var id = ++_lastDeliveryId;
        var doc = new BsonDocument
        {
            [Schema.Id] = id,
            [D.Destination] = to.ToString(),
            [D.Status] = DeliveryStatus.Pending,
            [D.Attempts] = 0,
            [D.StatusKey] = StatusKey(to, DeliveryStatus.Pending, id),
        };
        if (eventId is { } e) doc[D.Event] = e;
        if (text is not null) doc[D.Text] = text;
        if (body is not null) doc[D.Body] = body;
        if (contentType is not null) doc[D.ContentType] = contentType;
        if (product is not null) doc[D.Product] = Keys.Cut(product);
        Deliveries.Insert(doc);
        return id;
    }

    internal static string StatusGroup(Destination to, string status) => to + "_" + status;

    private static string StatusKey(Destination to, string status, long id) => Keys.Of(StatusGroup(to, status), id);

    private void CountOutbox(long pending, long failed)
    {
        var c = OutboxCounts;
        _outboxCounts = new OutboxCounts(c.Pending + pending, c.Failed + failed);
        _outboxCountsChanged = true;
    }

    private OutboxCounts ReadOutboxCounts() =>
        _meta.FindById(D.CountsId) is { } d ? new OutboxCounts(d[D.Pending].AsInt64, d[D.Failed].AsInt64) : new OutboxCounts(0, 0);

    /// <summary>Part of <see cref="SaveCounters"/>: the outbox's counts, once per commit when they changed.</summary>
    private void SaveOutboxCounts()
    {
        if (!_outboxCountsChanged) return;
        _meta.Upsert(new BsonDocument
        {
            [Schema.Id] = D.CountsId,
            [D.Pending] = OutboxCounts.Pending,
            [D.Failed] = OutboxCounts.Failed,
            [D.FedThrough] = FedThrough(Counters.LastEventId),
            [D.OwedThrough] = LastForwarded,
        });
        _outboxCountsChanged = false;
    }

    /// <summary>Part of <see cref="Reload"/>: after a rollback, what is kept in memory is read again.</summary>
    private void ReloadOutbox()
    {
        _targetPlans = null;
        _rulePlans = null;
        _lastDeliveryId = -1;
        _fedThrough = -1;
        _lastForwarded = -1;
        _outboxCounts = null;
        _outboxCountsChanged = false;
    }

    public ForwardTarget AddTarget(string url, IReadOnlyList<string>? actions, string secret, bool enabled, DateTime created)
    {
        var doc = new BsonDocument
        {
            [F.Url] = url,
            [F.Actions] = actions is null ? BsonValue.Null : new BsonArray(actions.Select(a => new BsonValue(a))),
            [F.Enabled] = enabled,
            [F.Secret] = secret,
            [F.Created] = created,
            [F.After] = Counters.LastEventId,
        };
        Targets.Insert(doc);
        _targetPlans = null;
        return OutboxDocs.Target(doc, withSecret: true);
    }

    public bool SetTargetEnabled(long id, bool enabled)
    {
        if (Targets.FindById(id) is not { } doc) return false;
        doc[F.Enabled] = enabled;
        if (enabled) doc.Remove(F.DisabledBy);
        Targets.Update(doc);
        _targetPlans = null;
        return true;
    }

    public bool DeleteTarget(long id)
    {
        if (!Targets.Delete(id)) return false;
        ForgetDeliveries(Destination.Target(id));
        _targetPlans = null;
        return true;
    }

    public AlertRule AddRule(AlertRule rule, DateTime created)
    {
        var doc = OutboxDocs.RuleToBson(rule);
        doc[A.Enabled] = true;
        doc[A.Created] = created;
        // The silence clock starts at the rule's creation.
        if (rule.Type == AlertTypes.Silence)
        {
            doc[A.ActiveAt] = created;
            doc[A.SeenEvent] = Counters.LastEventId;
            doc[A.Silent] = false;
        }
        Rules.Insert(doc);
        _rulePlans = null;
        return OutboxDocs.Rule(doc);
    }

    public bool SetRuleEnabled(long id, bool enabled)
    {
        if (Rules.FindById(id) is not { } doc) return false;
        doc[A.Enabled] = enabled;
        Rules.Update(doc);
        _rulePlans = null;
        return true;
    }

    public bool DeleteRule(long id)
    {
        if (!Rules.Delete(id)) return false;
        ForgetDeliveries(Destination.Rule(id));
        _rulePlans = null;
        return true;
    }

    /// <summary>A deleted destination's deliveries go with it, and out of the kept counts.</summary>
    private void ForgetDeliveries(Destination to) =>
        DeleteDeliveries(DeliveryStatus.All.SelectMany(status => OutboxReads.InStatus(Deliveries, to, status, Query.Ascending, int.MaxValue, null)).ToList());

    /// <summary>An erased event's deliveries, owed or kept, go with it: none may carry it on later.</summary>
    private void ForgetEventDeliveries(BsonDocument eventDoc)
    {
        ForgetForwards(eventDoc);
        DeleteDeliveries(Deliveries.Find(Filter.Eq(D.Event, eventDoc[Schema.Id].AsInt64)).ToList());
    }

    private void DeleteDeliveries(List<BsonDocument> docs)
    {
        long pending = 0, failed = 0;
        foreach (var doc in docs)
        {
            var status = doc[D.Status].AsString;
            if (status == DeliveryStatus.Pending) pending++;
            else if (status == DeliveryStatus.Failed) failed++;
            Deliveries.Delete(doc[Schema.Id]);
        }
        if (pending != 0 || failed != 0) CountOutbox(-pending, -failed);
    }

    /// <summary>Owes a test to a destination: a forwarding target gets <paramref name="body"/>, an alert <paramref name="text"/>.</summary>
    public long OweTest(Destination to, string? text, byte[]? body, string? contentType) =>
        Owe(to, null, text, body, contentType);

    /// <summary>Owes a silence rule's alert (silence began, or pings resumed) and keeps where the watchdog stands.</summary>
    public bool TellSilence(long ruleId, bool silent, long seenEvent, DateTime activeAt, string text)
    {
        if (Rules.FindById(ruleId) is not { } doc) return false;
        doc[A.Silent] = silent;
        doc[A.SeenEvent] = seenEvent;
        doc[A.ActiveAt] = activeAt;
        Rules.Update(doc);
        Owe(Destination.Rule(ruleId), null, text);
        return true;
    }

    /// <summary>Owes a digest and keeps the 08:00 it was for, so it is owed once.</summary>
    public bool OweDigest(long ruleId, DateTime digestAt, string text)
    {
        if (Rules.FindById(ruleId) is not { } doc) return false;
        doc[A.LastDigest] = digestAt;
        Rules.Update(doc);
        Owe(Destination.Rule(ruleId), null, text);
        return true;
    }

    /// <summary>
    /// Owes the events of an id range to a target again, a batch at a time (each its own commit,
    /// so a long range never makes one huge transaction). Returns how many it owed and the id to
    /// go on from, or null once the range is done.
    /// </summary>
    public (int Owed, long? Next) Replay(long targetId, long from, long to, int batch)
    {
        if (Targets.FindById(targetId) is not { } target) return (0, null);
        var actions = ActionSet(target[F.Actions]);
        var events = db.Collection(E.Collection).Find(Filter.Between(Schema.Id, from, to), 0, batch).ToList();
        var owed = 0;
        foreach (var e in events)
        {
            if (e[E.Duplicate].IsBoolean && e[E.Duplicate].AsBoolean) continue;
            if (actions is not null && !actions.Contains(EventDocs.Action(e))) continue;
            Owe(Destination.Target(targetId), e[Schema.Id].AsInt64);
            owed++;
        }
        return (owed, events.Count < batch ? null : events[^1][Schema.Id].AsInt64 + 1);
    }

    /// <summary>Writes what an attempt came to: delivered, due again later, or given up; a 410 turns its target off.</summary>
    public bool RecordAttempt(AttemptResult r)
    {
        if (Deliveries.FindById(r.DeliveryId) is not { } doc || doc[D.Status].AsString != DeliveryStatus.Pending) return false;
        var to = Destination.Parse(doc[D.Destination].AsString);
        doc[D.Attempts] = doc[D.Attempts].AsInt32 + 1;
        if (doc[D.FirstAttempt].IsNull) doc[D.FirstAttempt] = r.At;
        doc[D.LastAttempt] = r.At;
        doc[D.LastStatus] = r.StatusCode;
        doc[D.LastAnswer] = r.Answer.Length > 300 ? r.Answer[..300] : r.Answer;
        if (r.Delivered) SetStatus(doc, to, DeliveryStatus.Delivered);
        else if (r.RetryAt is { } retry) doc[D.Due] = retry;
        else SetStatus(doc, to, DeliveryStatus.Failed);
        Deliveries.Update(doc);

        if (r.DisableTarget && to.Kind == Destination.Forward && Targets.FindById(to.Id) is { } target)
        {
            target[F.Enabled] = false;
            target[F.DisabledBy] = $"{r.StatusCode} at {r.At:u}";
            Targets.Update(target);
            _targetPlans = null;
        }
        return true;
    }

    /// <summary>What a run of attempts came to, written at once.</summary>
    public int RecordAttempts(IReadOnlyList<AttemptResult> results) => results.Count(RecordAttempt);

    /// <summary>Moves a delivery's next attempt without counting one (its target's circuit is open: no call was made).</summary>
    public bool Postpone(long deliveryId, DateTime due)
    {
        if (Deliveries.FindById(deliveryId) is not { } doc || doc[D.Status].AsString != DeliveryStatus.Pending) return false;
        doc[D.Due] = due;
        Deliveries.Update(doc);
        return true;
    }

    private void SetStatus(BsonDocument doc, Destination to, string status)
    {
        doc[D.Status] = status;
        doc[D.StatusKey] = StatusKey(to, status, doc[Schema.Id].AsInt64);
        doc.Remove(D.Due);
        CountOutbox(pending: -1, failed: status == DeliveryStatus.Failed ? 1 : 0);
    }
}

using System.Globalization;
using KartraDashboard.Ingestion;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using KR = KartraDashboard.Storage.Schema.Meta.KeyRewrite;
using L = KartraDashboard.Storage.Schema.Leads;
using Q = KartraDashboard.Storage.Schema.Quarantine;
using T = KartraDashboard.Storage.Schema.Transactions;

namespace KartraDashboard.Storage;

/// <summary>
/// Everything one ping changes, applied inside the writer's open transaction: the event, its
/// body, the lead, the transaction, the day's revenue and the kept totals. Runs on the writer
/// thread only.
/// </summary>
internal sealed partial class Ledger(Database db, TimeZoneInfo dashboardZone, bool subjectFigures = true)
{
    private readonly ILiteCollection<BsonDocument> _events = db.Collection(Schema.Events.Collection);
    private readonly ILiteCollection<BsonDocument> _leads = db.Collection(Schema.Leads.Collection);
    private readonly ILiteCollection<BsonDocument> _transactions = db.Collection(Schema.Transactions.Collection);
    private readonly ILiteCollection<BsonDocument> _days = db.Collection(Schema.RevenueDays.Collection);
    private readonly ILiteCollection<BsonDocument> _leadDays = db.Collection(Schema.LeadDays.Collection);
    private readonly ILiteCollection<BsonDocument> _quarantine = db.Collection(Schema.Quarantine.Collection);
    private readonly ILiteCollection<BsonDocument> _products = db.Collection(Schema.Products.Collection);
    private readonly ILiteCollection<BsonDocument> _meta = db.Collection(Schema.Meta.Collection);
    /// <summary>The names of the event being appended, as just written: its item is made without reading them back.</summary>
    private readonly EventNames _names = new(db);

    /// <summary>Events stored since the writer last took them, to be announced once committed.</summary>
    public List<EventItem> Appended { get; } = [];

    /// <summary>Transactions stored since the writer last took them, each with its day, for the all-time figures once committed.</summary>
    public List<(DateOnly Day, RevenueTally Tally)> AddedRevenue { get; } = [];

    public Counters Counters { get; private set; } = Counters.FromBson(db.Collection(Schema.Meta.Collection).FindById(Counters.DocumentId));

    // Events per action, each in a document of its own: any action string is accepted, so their
    // number has no bound and they must not all live in one document rewritten on every commit.
    private readonly Dictionary<string, long> _actionCounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedActions = new(StringComparer.Ordinal);

    // The products already stored with their names, so a sale of a known product writes nothing more.
    private readonly Dictionary<string, (string? Id, string? Name)> _knownProducts = new(StringComparer.Ordinal);

    /// <summary>After a rollback the totals in memory are ahead of the file; read them again.</summary>
    public void Reload()
    {
        Counters = Counters.FromBson(_meta.FindById(Counters.DocumentId));
        _actionCounts.Clear();
        _changedActions.Clear();
        _knownProducts.Clear();
        _openRevenueDays.Clear();
        _openLeadDays.Clear();
        ReloadOutbox();
        ReloadMoney();
        ReloadSubjects();
    }

    public void SaveCounters()
    {
        SaveDays();
        SaveMoney();
        _meta.Upsert(Counters.ToBson());
        SaveOutboxCounts();
        SaveSubjects();
        foreach (var action in _changedActions)
            _meta.Upsert(new BsonDocument { [Schema.Id] = ActionCountId(action), [Schema.Meta.Count] = _actionCounts[action] });
        _changedActions.Clear();
        // A cache only: past this size, counts are read again as actions come back.
        if (_actionCounts.Count > 10_000) _actionCounts.Clear();
    }

    private static string ActionCountId(string action) => "action:" + action;

    /// <summary>Counts one more event of an action and returns its ordinal among them.</summary>
    private long NextOrdinal(string action)
    {
        if (!_actionCounts.TryGetValue(action, out var n))
            n = _meta.FindById(ActionCountId(action)) is { } doc ? doc[Schema.Meta.Count].AsInt64 : 0;
        _actionCounts[action] = ++n;
        _changedActions.Add(action);
        return n;
    }

    /// <summary>
    /// Arrival times never go backwards, so event ids and arrival times sort alike and a date
    /// range can be turned into an id range.
    /// </summary>
    private DateTime NextArrival()
    {
        var now = Truncate(DateTime.UtcNow);
        if (now < Counters.LastReceivedAt) now = Counters.LastReceivedAt;
        Counters.LastReceivedAt = now;
        return now;
    }

    // LiteDB keeps dates to the millisecond; cutting them here keeps memory and file alike.
    private static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    /// <summary>
    /// Day tallies are cut in the dashboard's zone as events are written. When the zone has changed
    /// since, they are cut again from the transactions and leads, once, at start.
    /// </summary>
    public bool EnsureDayZone(string zoneId)
    {
        const string key = "dayZone";
        var kept = Setting(key);
        if (kept == zoneId) return false;
        if (kept is not null)
        {
            _days.DeleteAll();
            _leadDays.DeleteAll();
            _openRevenueDays.Clear();
            _openLeadDays.Clear();
            var tallies = new Dictionary<string, RevenueTally>(StringComparer.Ordinal);
            foreach (var tx in _transactions.FindAll())
            {
                var day = DayKey(tx[T.Date].AsDateTime, dashboardZone);
                if (!tallies.TryGetValue(day, out var tally)) tallies[day] = tally = new RevenueTally();
                tally.Add(tx);
            }
            foreach (var (day, tally) in tallies) SaveDay(day, tally);
            foreach (var lead in _leads.FindAll()) CountNewLead(lead[L.First].AsDateTime);
        }
        SetSetting(key, zoneId);
        return kept is not null;
    }

    private const string KeyFormatSetting = "keyFormat";
    private const string KeyRewriteProgressId = "keyRewrite";

    /// <summary>
    /// Rewrites the index keys of a file written before <see cref="Keys.Format"/> in the current
    /// format, one batch of documents per call (each call is its own transaction, so a large file
    /// never holds one huge transaction in memory). Returns how many documents it rewrote, and 0
    /// once every key is current. Progress is kept, so an interrupted rewrite goes on where it stopped.
    /// </summary>
    public int RewriteKeys(int batch)
    {
        var current = Keys.Format.ToString(CultureInfo.InvariantCulture);
        if (Setting(KeyFormatSetting) == current) return 0;
        var progress = _meta.FindById(KeyRewriteProgressId) ?? new BsonDocument { [Schema.Id] = KeyRewriteProgressId, [Schema.Meta.KeyRewrite.Step] = 0, [Schema.Meta.KeyRewrite.After] = BsonValue.MinValue };
        // Each collection's keys with the format they last changed in: a file of a later format skips them.
        var written = int.TryParse(Setting(KeyFormatSetting), CultureInfo.InvariantCulture, out var format) ? format : 0;
        var steps = new (ILiteCollection<BsonDocument> Collection, int ChangedIn, Action<BsonDocument> Rekey)[]
        {
            (_events, 3, d =>
            {
                var id = d[Schema.Id].AsInt64;
                d[E.ActionKey] = Keys.Of(EventDocs.Action(d), id);
                if (EventDocs.Lead(d) is { } lead) d[E.LeadKey] = Keys.Of(lead, id);
            }),
            (_leads, 5, d =>
            {
                d[L.GdprKey] = GdprMemberKey(d);
                if (d[L.Search] is { IsString: true } search) d[L.Search] = Keys.Placed(d[L.First].AsDateTime, Keys.PlacedText(search.AsString));
                // Since format 5 the subjects a lead is in are listed apart, no longer keyed on the lead.
                d.Remove(Schema.LeadSubjects.Segments);
                if (SegmentsListed(d)) ListSegments(d);
            }),
            (_transactions, 3, d =>
            {
                var date = d[T.Date].AsDateTime;
                d[T.TypeKey] = TransactionKey(d[T.Type].AsString, date);
                d[T.ProductKey] = Keys.Dated(d[T.Product].AsString, date);
            }),
        };
        for (var step = progress[Schema.Meta.KeyRewrite.Step].AsInt32; step < steps.Length; step++)
        {
            var (collection, changedIn, rekey) = steps[step];
            if (written >= changedIn) continue;
            var query = new Query { OrderBy = "$." + Schema.Id, Limit = batch };
            query.Where.Add(Filter.Gt(Schema.Id, progress[KR.After]));
            var docs = collection.Find(query).ToList();
            if (docs.Count == 0)
            {
                progress[Schema.Meta.KeyRewrite.Step] = step + 1;
                progress[Schema.Meta.KeyRewrite.After] = BsonValue.MinValue;
                continue;
            }
            foreach (var doc in docs)
            {
                rekey(doc);
                collection.Update(doc);
            }
            progress[Schema.Meta.KeyRewrite.Step] = step;
            progress[KR.After] = docs[^1][Schema.Id];
            _meta.Upsert(progress);
            return docs.Count;
        }
        _meta.Delete(KeyRewriteProgressId);
        SetSetting(KeyFormatSetting, current);
        return 0;
    }

    public void SetSetting(string key, string? value) =>
        _meta.Upsert(new BsonDocument { [Schema.Id] = SettingId(key), [Schema.Meta.Value] = value });

    private string? Setting(string key) => _meta.FindById(SettingId(key)) is { } d && d[Schema.Meta.Value].IsString ? d[Schema.Meta.Value].AsString : null;

    internal static string SettingId(string key) => "setting:" + key;

    public WriteResult Store(IncomingPing incoming)
    {
        if (incoming.Parsed.Ping is not { } ping)
            return new WriteResult(null, Quarantine(incoming.Body, incoming.ContentType, incoming.RemoteAddress, incoming.Parsed.Error ?? "Not a Kartra ping.", incoming.Packed), incoming.Parsed.Error);
        return new WriteResult(Append(ping, incoming), null, null);
    }

    public long Quarantine(byte[] body, string? contentType, string? remoteAddress, string reason, byte[]? packed = null)
    {
        var id = ++Counters.LastQuarantineId;
        Counters.Quarantined++;
        _quarantine.Insert(new BsonDocument
        {
            [Schema.Id] = id,
            [Q.At] = NextArrival(),
            [Q.Reason] = reason,
            [Q.ContentType] = contentType,
            [Q.RemoteAddress] = remoteAddress,
            [Q.BodyLength] = body.Length,
            [Q.Body] = packed ?? RawBody.Compress(body),
        });
        return id;
    }

    /// <summary>
    /// Stores a quarantined body that now parses as an event dated now, whose lead snapshot
    /// dates from the body's first arrival, and links the two. Checked here, on the writer, so
    /// that two requests at once cannot make two events of one body.
    /// </summary>
    public ReprocessOutcome Reprocess(long quarantineId, byte[] body, PingParseResult parsed)
    {
        if (_quarantine.FindById(quarantineId) is not { } doc) return ReprocessOutcome.NotFound(quarantineId);
        if (doc[Q.Event].IsInt64) return ReprocessOutcome.AlreadyDone(doc[Q.Event].AsInt64);
        if (parsed.Ping is not { } ping)
        {
            doc[Q.Reason] = parsed.Error ?? "Not a Kartra ping.";
            _quarantine.Update(doc);
            return ReprocessOutcome.StillNotAPing(doc[Q.Reason].AsString);
        }
        var incoming = new IncomingPing(body, Bson.Str(doc[Q.ContentType]), Bson.Str(doc[Q.RemoteAddress]), parsed)
        {
            ReceivedAt = DateTime.SpecifyKind(doc[Q.At].AsDateTime, DateTimeKind.Utc),
            FromQuarantine = quarantineId,
        };
        var item = Append(ping, incoming);
        doc[Q.Event] = long.Parse(item.Id, CultureInfo.InvariantCulture);
        _quarantine.Update(doc);
        return ReprocessOutcome.Stored(item);
    }

    private EventItem Append(KartraPing ping, IncomingPing incoming)
    {
        var id = ++Counters.LastEventId;
        Counters.Events++;
        // Events take ids and arrival times in one rising order, so a date range is an id range.
        // A re-processed body is an event from now on, but its lead snapshot dates from when it first arrived.
        var at = NextArrival();
        var arrival = incoming.ReceivedAt is { } original ? Truncate(original) : at;
        var lead = ping.Lead;
        var tx = ping.Transaction;

        string? dedupeKey = tx?.TransactionId is { } txId ? $"tx:{txId.ToString(CultureInfo.InvariantCulture)}:{ping.Action}" : null;
        bool duplicate = dedupeKey is not null && _transactions.FindById(dedupeKey) is not null;

        var doc = new BsonDocument
        {
            [Schema.Id] = id,
            [E.At] = at,
            // The action and the lead id are read back from their keys, not written again.
            [E.ActionKey] = Keys.Of(ping.Action, id),
            [E.ActionOrdinal] = Bson.Compact(NextOrdinal(ping.Action)),
        };
        if (duplicate) doc[E.Duplicate] = true;
        var subject = EventSubject.Of(ping);
        _names.Forget();
        // Most lines are the action's label and the subject, kept anyway: those are made again when read.
        if (ping.Summary != PingSummary.OfSubject(ping.Action, subject)) doc[E.Summary] = ping.Summary;
        if (tx?.SignedAmount is { } amount) doc[E.Amount] = amount;
        if (tx?.AmountRejected == true) doc[E.AmountRejected] = true;
        if (tx?.Date is { } txDate) doc[E.TransactionDate] = txDate.UtcDateTime;
        // Left out when it is the usual one; stored as null when the request named none.
        if (incoming.ContentType != E.UsualContentType) doc[E.ContentType] = incoming.ContentType;
        if (incoming.RemoteAddress is not null) doc[E.RemoteAddress] = incoming.RemoteAddress;
        if (incoming.FromQuarantine is { } q) doc[E.FromQuarantine] = q;
        if (subject is not null) RecordSubject(doc, subject, id);

        if (lead.Id is not null)
        {
            var leadDoc = UpdateLead(ping, incoming, arrival, duplicate, doc);
            doc[E.LeadKey] = Keys.Of(lead.Id, id);
            doc[E.LeadOrdinal] = Bson.Compact(leadDoc[L.Events].AsInt64);
            // Read from the lead, which keeps the names its events showed: an event keeps its own only when they differ.
            var (email, name) = (Bson.Str(leadDoc[L.Email]), Bson.Str(leadDoc[L.Name]));
            _names.KnowLead(lead.Id, email, name);
            if (lead.Email != email || lead.Name != name)
            {
                doc[E.Email] = lead.Email;
                doc[E.Name] = lead.Name;
            }
        }
        else
        {
            if (lead.Email is not null) doc[E.Email] = lead.Email;
            if (lead.Name is not null) doc[E.Name] = lead.Name;
        }

        // The body rides in the event's own document: a second collection would cost an index and
        // a half-empty page per event for a field only the details view reads.
        // A zstd frame records the body's length itself.
        if (!RawBody.IsZstd(incoming.Packed)) doc[E.BodyLength] = incoming.Body.Length;
        doc[E.Body] = incoming.Packed;
        if (!duplicate && OweForwards(id, ping) is { } forwards) doc[E.Forwards] = forwards;
        _events.Insert(doc);
        if (!duplicate) OweAlerts(id, ping);

        if (tx is not null && !duplicate) StoreTransaction(ping, tx, incoming.PackedTransaction!, id, at, dedupeKey);
        var item = EventDocs.ToItem(doc, _names);
        Appended.Add(item);
        return item;
    }

    private void StoreTransaction(KartraPing ping, KartraTransaction tx, byte[] packedFields, long eventId, DateTime at, string? dedupeKey)
    {
        var date = tx.Date?.UtcDateTime ?? at;
        var doc = new BsonDocument
        {
            [Schema.Id] = dedupeKey ?? $"ev:{eventId.ToString(CultureInfo.InvariantCulture)}",
            [T.Event] = eventId,
            [T.Action] = ping.Action,
            [T.Type] = tx.Type,
            [T.TransactionId] = tx.TransactionId?.ToString(CultureInfo.InvariantCulture),
            [T.Date] = date,
            // Transactions of one type, or of one product, by date: a filter reads one index range.
            [T.TypeKey] = TransactionKey(tx.Type, date),
            [T.ProductKey] = Keys.Dated(ProductKey(tx), date),
            [T.Lead] = ping.Lead.Id,
            [T.Email] = ping.Lead.Email,
            [T.Product] = ProductKey(tx),
            [T.ProductId] = tx.ProductId,
            [T.ProductName] = tx.ProductName,
            [T.Amount] = tx.SignedAmount,
            [T.FullAmount] = tx.FullAmount,
            [T.Tax] = tx.Tax,
            [T.Shipping] = tx.Shipping,
            [T.Processor] = tx.PaymentProcessor,
            [T.Affiliate] = tx.Affiliate,
            [T.Jv] = tx.Jv,
            [T.Fields] = packedFields,
        };
        if (tx.AmountRejected) doc[T.AmountRejected] = true;
        var money = SubscriptionFields.Of(tx.Fields);
        MarkMoney(doc, money);
        _transactions.Insert(doc);
        KeepMoney(doc, money);
        // The products seen: few, so a product filter can match their names without reading transactions.
        var productKey = ProductKey(tx);
        if (!_knownProducts.TryGetValue(productKey, out var known) || known != (tx.ProductId, tx.ProductName))
        {
            _products.Upsert(new BsonDocument { [Schema.Id] = productKey, [Schema.Products.ProductId] = tx.ProductId, [Schema.Products.Name] = tx.ProductName });
            if (_knownProducts.Count >= 10_000) _knownProducts.Clear();
            _knownProducts[productKey] = (tx.ProductId, tx.ProductName);
        }

        var day = Days.Of(date, dashboardZone);
        RevenueDay(Keys.Day(day)).Add(doc);
        var added = new RevenueTally();
        added.Add(doc);
        AddedRevenue.Add((day, added));
    }

    /// <summary>Every day's tally, in date order.</summary>
    public List<(DateOnly Day, RevenueTally Tally)> AllDays() =>
        _days.FindAll().Select(d => (Keys.ParseDay(d[Schema.Id].AsString), RevenueTally.FromBson(d))).ToList();

    private void SaveDay(string day, RevenueTally tally)
    {
        var doc = tally.ToBson();
        doc[Schema.Id] = day;
        _days.Upsert(doc);
    }

    // The day documents the open transaction changed, each read once and written once per commit
    // (by SaveCounters), not once per ping: a burst of pings falls on one or two days.
    private readonly Dictionary<string, RevenueTally> _openRevenueDays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _openLeadDays = new(StringComparer.Ordinal);

    /// <summary>A day's revenue tally as the open transaction has it, to change in place.</summary>
    private RevenueTally RevenueDay(string day)
    {
        if (!_openRevenueDays.TryGetValue(day, out var tally))
            _openRevenueDays[day] = tally = RevenueTally.FromBson(_days.FindById(day));
        return tally;
    }

    /// <summary>New leads per day of first arrival (dashboard zone), so "new leads this month" is a sum of days.</summary>
    private void CountNewLead(DateTime at) => CountLeadDay(DayKey(at, dashboardZone), 1);

    private void CountLeadDay(string day, long by)
    {
        if (!_openLeadDays.TryGetValue(day, out var n))
            n = _leadDays.FindById(day) is { } doc ? doc[Schema.LeadDays.Count].AsInt64 : 0;
        _openLeadDays[day] = Math.Max(0, n + by);
    }

    private void SaveDays()
    {
        foreach (var (day, tally) in _openRevenueDays) SaveDay(day, tally);
        foreach (var (day, n) in _openLeadDays) _leadDays.Upsert(new BsonDocument { [Schema.Id] = day, [Schema.LeadDays.Count] = n });
        _openRevenueDays.Clear();
        _openLeadDays.Clear();
    }

    /// <summary>A product by its id, else its name (cut short: it is part of an index key).</summary>
    public static string ProductKey(KartraTransaction tx) => (tx.ProductId ?? tx.ProductName ?? "") is var key && key.Length > 100 ? key[..100] : key;

    public static string TransactionKey(string type, DateTime date) =>
        Keys.Dated(RevenueTally.TypeKey(type), date);

    public static string DayKey(DateTime utc, TimeZoneInfo zone) =>
        Keys.Day(Days.Of(utc, zone));

    private BsonDocument UpdateLead(KartraPing ping, IncomingPing incoming, DateTime at, bool duplicate, BsonDocument eventDoc)
    {
        var lead = ping.Lead;
        var doc = _leads.FindById(lead.Id);
        var isNew = doc is null;
        if (doc is null)
        {
            doc = new BsonDocument { [Schema.Id] = lead.Id, [L.First] = at, [L.Last] = at, [L.Events] = 0L, [L.Spent] = 0m, [L.Refunded] = 0m, [L.SnapshotAt] = DateTime.MinValue };
            Counters.Leads++;
            CountNewLead(at);
        }
        else
        {
            Counters.Bump(Counters.Gdpr, Counters.GdprKey(Bson.Int(doc[L.Gdpr])), -1);
            Counters.Bump(Counters.Communications, Counters.CommunicationsKey(Bson.Int(doc[L.Communications])), -1);
        }

        doc[L.Events] = doc[L.Events].AsInt64 + 1;
        if (at > doc[L.Last].AsDateTime) doc[L.Last] = at;
        if (at < doc[L.First].AsDateTime) doc[L.First] = at;

        // The latest arrival wins; a re-processed old ping never overwrites a newer snapshot.
        if (at >= DateTime.SpecifyKind(doc[L.SnapshotAt].AsDateTime, DateTimeKind.Utc))
        {
            doc[L.SnapshotAt] = at;
            doc[L.Snapshot] = incoming.PackedLead;
            // Its earlier events showed the names it had until now (see FormerNames).
            if (!isNew && (Bson.Str(doc[L.Email]) != lead.Email || Bson.Str(doc[L.Name]) != lead.Name))
                doc[L.FormerNames] = FormerNames.Add(doc[L.FormerNames], eventDoc[Schema.Id].AsInt64, Bson.Str(doc[L.Email]), Bson.Str(doc[L.Name]));
            doc[L.Email] = lead.Email;
            doc[L.Name] = lead.Name;
            doc[L.Gdpr] = lead.GdprStatus;
            doc[L.Communications] = lead.GdprCommunications;
            doc[L.Score] = lead.Score;
            doc[L.Search] = SearchKey(doc[L.First].AsDateTime, lead);
            LeadAttributeDocs.Write(doc, lead);
        }
        Counters.Bump(Counters.Gdpr, Counters.GdprKey(Bson.Int(doc[L.Gdpr])), 1);
        Counters.Bump(Counters.Communications, Counters.CommunicationsKey(Bson.Int(doc[L.Communications])), 1);
        doc[L.GdprKey] = GdprMemberKey(doc);

        if (!duplicate && ping.Transaction?.SignedAmount is { } amount)
        {
            if (amount >= 0) doc[L.Spent] = Sums.Add(doc[L.Spent].AsDecimal, amount);
            else doc[L.Refunded] = Sums.Add(doc[L.Refunded].AsDecimal, -amount);
        }
        MarkDeleted(doc, lead, at);
        ApplyStanding(doc, eventDoc, ping, at);
        if (isNew) _leads.Insert(doc);
        else _leads.Update(doc);
        return doc;
    }

    /// <summary>The lead's key among the leads of its GDPR status: it changes only with the status.</summary>
    private static string GdprMemberKey(BsonDocument lead) => Keys.Member(Counters.GdprKey(Bson.Int(lead[L.Gdpr])));

    // A lead id matches only exactly, so it is not part of the text matched in part. Placed by
    // the lead's first arrival: a new lead's key is written at the end of the index. In the middle,
    // at the webhook's rate, this one index wrote more pages per new lead than all the others.
    private static string SearchKey(DateTime first, KartraLead lead) =>
        Keys.Placed(first, string.Join(' ', new[] { lead.Email, lead.Name }.Where(s => s is not null)).ToLowerInvariant());

}

using System.Globalization;
using KartraDashboard.Ingestion;
using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// Everything one ping changes, applied inside the writer's open transaction: the event, its
/// body, the lead, the transaction, the day's revenue and the kept totals. Runs on the writer
/// thread only.
/// </summary>
internal sealed class Ledger(Database db, TimeZoneInfo dashboardZone)
{
    private readonly ILiteCollection<BsonDocument> _events = db.Collection(Database.Events);
    private readonly ILiteCollection<BsonDocument> _leads = db.Collection(Database.Leads);
    private readonly ILiteCollection<BsonDocument> _transactions = db.Collection(Database.Transactions);
    private readonly ILiteCollection<BsonDocument> _days = db.Collection(Database.RevenueDays);
    private readonly ILiteCollection<BsonDocument> _leadDays = db.Collection(Database.LeadDays);
    private readonly ILiteCollection<BsonDocument> _quarantine = db.Collection(Database.Quarantine);
    private readonly ILiteCollection<BsonDocument> _products = db.Collection(Database.Products);
    private readonly ILiteCollection<BsonDocument> _meta = db.Collection(Database.Meta);

    /// <summary>Events stored since the writer last took them, to be announced once committed.</summary>
    public List<EventItem> Appended { get; } = [];

    public Counters Counters { get; private set; } = Counters.FromBson(db.Collection(Database.Meta).FindById(Counters.DocumentId));

    // Events per action, each in a document of its own: any action string is accepted, so their
    // number has no bound and they must not all live in one document rewritten on every commit.
    private readonly Dictionary<string, long> _actionCounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedActions = new(StringComparer.Ordinal);

    /// <summary>After a rollback the totals in memory are ahead of the file; read them again.</summary>
    public void Reload()
    {
        Counters = Counters.FromBson(_meta.FindById(Counters.DocumentId));
        _actionCounts.Clear();
        _changedActions.Clear();
    }

    public void SaveCounters()
    {
        _meta.Upsert(Counters.ToBson());
        foreach (var action in _changedActions)
            _meta.Upsert(new BsonDocument { ["_id"] = ActionCountId(action), ["n"] = _actionCounts[action] });
        _changedActions.Clear();
        // A cache only: past this size, counts are read again as actions come back.
        if (_actionCounts.Count > 10_000) _actionCounts.Clear();
    }

    private static string ActionCountId(string action) => "action:" + action;

    /// <summary>Counts one more event of an action and returns its ordinal among them.</summary>
    private long NextOrdinal(string action)
    {
        if (!_actionCounts.TryGetValue(action, out var n))
            n = _meta.FindById(ActionCountId(action)) is { } doc ? doc["n"].AsInt64 : 0;
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
            var tallies = new Dictionary<string, RevenueTally>(StringComparer.Ordinal);
            foreach (var tx in _transactions.FindAll())
            {
                var day = DayKey(tx["date"].AsDateTime, dashboardZone);
                if (!tallies.TryGetValue(day, out var tally)) tallies[day] = tally = new RevenueTally();
                tally.Add(tx);
            }
            foreach (var (day, tally) in tallies) SaveDay(day, tally);
            foreach (var lead in _leads.FindAll()) CountNewLead(lead["first"].AsDateTime);
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
        var progress = _meta.FindById(KeyRewriteProgressId) ?? new BsonDocument { ["_id"] = KeyRewriteProgressId, ["step"] = 0, ["after"] = BsonValue.MinValue };
        var steps = new (ILiteCollection<BsonDocument> Collection, Action<BsonDocument> Rekey)[]
        {
            (_events, d =>
            {
                var id = d["_id"].AsInt64;
                d["ak"] = Keys.Of(d["action"].AsString, id);
                if (d["lead"].IsString) d["lk"] = Keys.Of(d["lead"].AsString, id);
            }),
            (_leads, d => d["gk"] = GdprOrderKey(d)),
            (_transactions, d =>
            {
                var date = d["date"].AsDateTime;
                d["tk"] = TransactionKey(d["type"].AsString, date);
                d["pk"] = Keys.Dated(d["product"].AsString, date);
            }),
        };
        for (var step = progress["step"].AsInt32; step < steps.Length; step++)
        {
            var (collection, rekey) = steps[step];
            var query = new Query { OrderBy = "$._id", Limit = batch };
            query.Where.Add(Query.GT("_id", progress["after"]));
            var docs = collection.Find(query).ToList();
            if (docs.Count == 0)
            {
                progress["step"] = step + 1;
                progress["after"] = BsonValue.MinValue;
                continue;
            }
            foreach (var doc in docs)
            {
                rekey(doc);
                collection.Update(doc);
            }
            progress["step"] = step;
            progress["after"] = docs[^1]["_id"];
            _meta.Upsert(progress);
            return docs.Count;
        }
        _meta.Delete(KeyRewriteProgressId);
        SetSetting(KeyFormatSetting, current);
        return 0;
    }

    public void SetSetting(string key, string? value) =>
        _meta.Upsert(new BsonDocument { ["_id"] = SettingId(key), ["value"] = value });

    private string? Setting(string key) => _meta.FindById(SettingId(key)) is { } d && d["value"].IsString ? d["value"].AsString : null;

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
        _quarantine.Insert(new BsonDocument
        {
            ["_id"] = id,
            ["at"] = NextArrival(),
            ["reason"] = reason,
            ["ct"] = contentType,
            ["ip"] = remoteAddress,
            ["len"] = body.Length,
            ["z"] = packed ?? RawBody.Compress(body),
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
        if (doc["event"].IsInt64) return ReprocessOutcome.AlreadyDone(doc["event"].AsInt64);
        if (parsed.Ping is not { } ping)
        {
            doc["reason"] = parsed.Error ?? "Not a Kartra ping.";
            _quarantine.Update(doc);
            return ReprocessOutcome.StillNotAPing(doc["reason"].AsString);
        }
        var incoming = new IncomingPing(body, EventDocs.Str(doc["ct"]), EventDocs.Str(doc["ip"]), parsed)
        {
            ReceivedAt = DateTime.SpecifyKind(doc["at"].AsDateTime, DateTimeKind.Utc),
            FromQuarantine = quarantineId,
        };
        var item = Append(ping, incoming);
        doc["event"] = long.Parse(item.Id, CultureInfo.InvariantCulture);
        _quarantine.Update(doc);
        return ReprocessOutcome.Stored(item);
    }

    private EventItem Append(KartraPing ping, IncomingPing incoming)
    {
        var id = ++Counters.LastEventId;
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
            ["_id"] = id,
            ["at"] = at,
            ["action"] = ping.Action,
            ["summary"] = ping.Summary,
            ["dup"] = duplicate,
            ["ak"] = Keys.Of(ping.Action, id),
            ["an"] = NextOrdinal(ping.Action),
        };
        if (lead.Id is not null) doc["lead"] = lead.Id;
        if (lead.Email is not null) doc["email"] = lead.Email;
        if (lead.Name is not null) doc["name"] = lead.Name;
        if (tx?.SignedAmount is { } amount) doc["amount"] = amount;
        if (tx?.Date is { } txDate) doc["txd"] = txDate.UtcDateTime;
        if (incoming.ContentType is not null) doc["ct"] = incoming.ContentType;
        if (incoming.RemoteAddress is not null) doc["ip"] = incoming.RemoteAddress;
        if (incoming.FromQuarantine is { } q) doc["q"] = q;

        if (lead.Id is not null)
        {
            var leadDoc = UpdateLead(ping, incoming, arrival, duplicate);
            doc["lk"] = Keys.Of(lead.Id, id);
            doc["ln"] = leadDoc["n"].AsInt64;
        }

        // The body rides in the event's own document: a second collection would cost an index and
        // a half-empty page per event for a field only the details view reads.
        doc["len"] = incoming.Body.Length;
        doc["z"] = incoming.Packed;
        _events.Insert(doc);

        if (tx is not null && !duplicate) StoreTransaction(ping, tx, id, at, dedupeKey);
        var item = EventDocs.ToItem(doc);
        Appended.Add(item);
        return item;
    }

    private void StoreTransaction(KartraPing ping, KartraTransaction tx, long eventId, DateTime at, string? dedupeKey)
    {
        var date = tx.Date?.UtcDateTime ?? at;
        var fields = new BsonDocument();
        foreach (var (k, v) in tx.Fields) fields[k] = v;
        var doc = new BsonDocument
        {
            ["_id"] = dedupeKey ?? $"ev:{eventId.ToString(CultureInfo.InvariantCulture)}",
            ["event"] = eventId,
            ["action"] = ping.Action,
            ["type"] = tx.Type,
            ["txid"] = tx.TransactionId?.ToString(CultureInfo.InvariantCulture),
            ["date"] = date,
            // Transactions of one type, or of one product, by date: a filter reads one index range.
            ["tk"] = TransactionKey(tx.Type, date),
            ["pk"] = Keys.Dated(ProductKey(tx), date),
            ["lead"] = ping.Lead.Id,
            ["email"] = ping.Lead.Email,
            ["product"] = ProductKey(tx),
            ["productId"] = tx.ProductId,
            ["productName"] = tx.ProductName,
            ["amount"] = tx.SignedAmount,
            ["full"] = tx.FullAmount,
            ["tax"] = tx.Tax,
            ["ship"] = tx.Shipping,
            ["processor"] = tx.PaymentProcessor,
            ["affiliate"] = tx.Affiliate,
            ["jv"] = tx.Jv,
            ["fields"] = fields,
        };
        _transactions.Insert(doc);
        // The products seen: few, so a product filter can match their names without reading transactions.
        _products.Upsert(new BsonDocument { ["_id"] = ProductKey(tx), ["id"] = tx.ProductId, ["name"] = tx.ProductName });

        var day = DayKey(date, dashboardZone);
        var tally = RevenueTally.FromBson(_days.FindById(day));
        tally.Add(doc);
        SaveDay(day, tally);
    }

    private void SaveDay(string day, RevenueTally tally)
    {
        var doc = tally.ToBson();
        doc["_id"] = day;
        _days.Upsert(doc);
    }

    /// <summary>New leads per day of first arrival (dashboard zone), so "new leads this month" is a sum of days.</summary>
    private void CountNewLead(DateTime at)
    {
        var day = DayKey(at, dashboardZone);
        var n = _leadDays.FindById(day) is { } doc ? doc["n"].AsInt64 : 0;
        _leadDays.Upsert(new BsonDocument { ["_id"] = day, ["n"] = n + 1 });
    }

    /// <summary>A product by its id, else its name (cut short: it is part of an index key).</summary>
    public static string ProductKey(KartraTransaction tx) => (tx.ProductId ?? tx.ProductName ?? "") is var key && key.Length > 100 ? key[..100] : key;

    public static string TransactionKey(string type, DateTime date) =>
        Keys.Dated(RevenueTally.TypeKey(type), date);

    public static string DayKey(DateTime utc, TimeZoneInfo zone) =>
        Keys.Day(EventStore.DayOf(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone));

    private BsonDocument UpdateLead(KartraPing ping, IncomingPing incoming, DateTime at, bool duplicate)
    {
        var lead = ping.Lead;
        var doc = _leads.FindById(lead.Id);
        if (doc is null)
        {
            doc = new BsonDocument { ["_id"] = lead.Id, ["first"] = at, ["last"] = at, ["n"] = 0L, ["spent"] = 0m, ["refunded"] = 0m, ["snapAt"] = DateTime.MinValue };
            Counters.Leads++;
            CountNewLead(at);
        }
        else
        {
            Counters.Bump(Counters.Gdpr, Counters.GdprKey(IntOf(doc["gdpr"])), -1);
            Counters.Bump(Counters.Communications, Counters.CommunicationsKey(IntOf(doc["comm"])), -1);
        }

        doc["n"] = doc["n"].AsInt64 + 1;
        if (at > doc["last"].AsDateTime) doc["last"] = at;
        if (at < doc["first"].AsDateTime) doc["first"] = at;

        // The latest arrival wins; a re-processed old ping never overwrites a newer snapshot.
        if (at >= DateTime.SpecifyKind(doc["snapAt"].AsDateTime, DateTimeKind.Utc))
        {
            doc["snapAt"] = at;
            doc["snap"] = incoming.PackedLead;
            doc["email"] = lead.Email;
            doc["name"] = lead.Name;
            doc["gdpr"] = lead.GdprStatus;
            doc["comm"] = lead.GdprCommunications;
            doc["score"] = lead.Score;
            doc["search"] = SearchKey(lead);
        }
        Counters.Bump(Counters.Gdpr, Counters.GdprKey(IntOf(doc["gdpr"])), 1);
        Counters.Bump(Counters.Communications, Counters.CommunicationsKey(IntOf(doc["comm"])), 1);
        doc["gk"] = GdprOrderKey(doc);

        if (!duplicate && ping.Transaction?.SignedAmount is { } amount)
        {
            if (amount >= 0) doc["spent"] = doc["spent"].AsDecimal + amount;
            else doc["refunded"] = doc["refunded"].AsDecimal - amount;
        }
        LeadState.Apply(doc, ping, at);
        _leads.Upsert(doc);
        return doc;
    }

    /// <summary>Leads of one GDPR status, ordered by latest activity (to the second).</summary>
    private static string GdprOrderKey(BsonDocument lead) =>
        Keys.Of(Counters.GdprKey(IntOf(lead["gdpr"])), new DateTimeOffset(DateTime.SpecifyKind(lead["last"].AsDateTime, DateTimeKind.Utc)).ToUnixTimeSeconds());

    // A lead id matches only exactly, so it is not part of the text matched in part. Index keys
    // are limited to 1023 bytes: 200 characters stay below that even at four bytes each.
    private static string SearchKey(KartraLead lead)
    {
        var key = string.Join(' ', new[] { lead.Email, lead.Name }.Where(s => s is not null)).ToLowerInvariant();
        return key.Length > 200 ? key[..200] : key;
    }

    private static int? IntOf(BsonValue v) => v.IsNumber ? v.AsInt32 : null;
}

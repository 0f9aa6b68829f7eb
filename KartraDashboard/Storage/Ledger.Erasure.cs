using KartraDashboard.Ingestion;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;
using G = KartraDashboard.Storage.Schema.GoneIds;
using L = KartraDashboard.Storage.Schema.Leads;
using O = KartraDashboard.Storage.Schema.Ownership;
using Q = KartraDashboard.Storage.Schema.Quarantine;
using T = KartraDashboard.Storage.Schema.Transactions;
using X = KartraDashboard.Storage.Schema.Erasures;

namespace KartraDashboard.Storage;

/// <summary>
/// Erasure of a lead (GDPR article 17): every place the lead lives, one named step per
/// collection, inside the writer's transaction. The writer checkpoints before it answers, so the
/// space LiteDB zeroed is what the data file holds and the log no longer has the old pages.
/// </summary>
internal sealed partial class Ledger
{
    private readonly ILiteCollection<BsonDocument> _goneIds = db.Collection(G.Collection);
    private readonly ILiteCollection<BsonDocument> _erasures = db.Collection(X.Collection);
    private readonly ILiteCollection<BsonDocument> _deletedLeads = db.Collection(Schema.DeletedLeads.Collection);

    /// <summary>
    /// Erases one lead everywhere and logs it; null when there is no such lead. <paramref name="at"/>
    /// is when the erasure was asked for (a restore replays the log with the times it holds).
    /// </summary>
    public LeadErasure? EraseLead(string leadId, DateTime at)
    {
        if (LeadLookup.Exact(db, leadId) is not { } lead) return null;
        var erasure = new LeadErasure(leadId, at);
        EraseLeadExceptQuarantine(lead, erasure);
        EraseQuarantined([erasure]);
        LogErasure(erasure);
        return erasure;
    }

    /// <summary>
    /// Erases up to <paramref name="batch"/> of the leads Kartra deleted (latest first); an empty
    /// list once none is left. The quarantine is searched once for all of them.
    /// </summary>
    public List<LeadErasure> EraseDeletedLeads(int batch, DateTime at)
    {
        var query = new Query { OrderBy = "$." + Schema.DeletedLeads.Last, Order = Query.Descending, Limit = batch };
        var ids = _deletedLeads.Find(query).Select(d => d[Schema.Id].AsString).ToList();
        var erasures = new List<LeadErasure>(ids.Count);
        foreach (var id in ids)
        {
            if (LeadLookup.Exact(db, id) is not { } lead)
            {
                _deletedLeads.Delete(id);
                continue;
            }
            var erasure = new LeadErasure(lead[Schema.Id].AsString, at);
            EraseLeadExceptQuarantine(lead, erasure);
            erasures.Add(erasure);
        }
        EraseQuarantined(erasures);
        foreach (var erasure in erasures) LogErasure(erasure);
        return erasures;
    }

    // The steps, one per collection the lead lives in. A feature that keeps something about a lead
    // adds its own step here. (Deliveries owed or kept for forwarding and alerts go with their events.)
    private void EraseLeadExceptQuarantine(BsonDocument lead, LeadErasure erasure)
    {
        // Its events are counted and listed first, as they would have been had it stayed.
        ListOwedSubjectEvents();
        erasure.Remember(Bson.Str(lead[L.Email]));
        if (lead[L.FormerNames].IsArray)
            foreach (var former in lead[L.FormerNames].AsArray) erasure.Remember(Bson.Str(former[Schema.FormerName.Email]));
        var unlisted = EraseEvents(erasure);
        EraseTransactions(erasure);
        ForgetLeadSubjects(lead, unlisted);
        EraseLeadDocument(lead);
    }

    /// <summary>
    /// The lead's events with their raw bodies; each id is kept as gone so every list's size stays
    /// exact. Answers what those not yet listed under their subjects would have changed there.
    /// </summary>
    private Dictionary<string, SubjectChange> EraseEvents(LeadErasure erasure)
    {
        var query = Filter.Between(E.LeadKey, Keys.Lowest(erasure.LeadId), Keys.Highest(erasure.LeadId));
        var events = _events.Find(query).Where(d => Keys.IsIn(d[E.LeadKey].AsString, erasure.LeadId)).ToList();
        foreach (var doc in events)
        {
            var id = doc[Schema.Id].AsInt64;
            erasure.Remember(Bson.Str(doc[E.Email]));
            if (doc[E.FromQuarantine].IsNumber) erasure.QuarantineIds.Add(doc[E.FromQuarantine].AsInt64);
            _goneIds.Insert(new BsonDocument { [Schema.Id] = id, [G.Last] = id, [G.ActionKey] = doc[E.ActionKey], [G.SubjectKey] = ListedSubjectKey(doc) });
            _events.Delete(id);
            ForgetEventDeliveries(doc);
            Counters.Events--;
        }
        erasure.Events = events.Count;
        return SubjectChanges.Of(Figured(events.Where(d => d[Schema.Id].AsInt64 > SubjectEventsFed)), dashboardZone);
    }

    /// <summary>The lead's transactions keep their figures, but no longer say whose they are.</summary>
    private void EraseTransactions(LeadErasure erasure)
    {
        var transactions = _transactions.Find(Filter.Eq(T.Lead, erasure.LeadId)).Where(d => d[T.Lead].AsString == erasure.LeadId).ToList();
        foreach (var doc in transactions)
        {
            erasure.Remember(Bson.Str(doc[T.Email]));
            doc[T.Lead] = O.ErasedLead;
            doc.Remove(T.Email);
            doc.Remove(T.Event);
            if (!doc[T.Fields].IsNull)
            {
                var fields = new Dictionary<string, string?>(TransactionFieldsPacking.Unpack(doc[T.Fields]), StringComparer.Ordinal);
                erasure.Remember(fields.GetValueOrDefault("buyer_email"));
                foreach (var field in O.PersonalTransactionFields)
                    if (fields.ContainsKey(field)) fields[field] = "";
                doc[T.Fields] = TransactionFieldsPacking.Pack(fields);
            }
            _transactions.Update(doc);
        }
        EraseSubscriptionLeads(transactions.Select(d => Bson.Str(d[Schema.TransactionMoney.Subscription])).OfType<string>().Distinct());
        erasure.Transactions = transactions.Count;
    }

    /// <summary>The lead's snapshot and state, and its place in the kept totals.</summary>
    private void EraseLeadDocument(BsonDocument lead)
    {
        Counters.Leads--;
        Counters.Bump(Counters.Gdpr, Counters.GdprKey(Bson.Int(lead[L.Gdpr])), -1);
        Counters.Bump(Counters.Communications, Counters.CommunicationsKey(Bson.Int(lead[L.Communications])), -1);
        if (Bson.Flag(lead[O.LeadDeleted]))
        {
            Counters.DeletedLeads--;
            _deletedLeads.Delete(lead[Schema.Id]);
        }
        CountLeadDay(DayKey(lead[L.First].AsDateTime, dashboardZone), -1);
        _leads.Delete(lead[Schema.Id]);
    }

    /// <summary>
    /// Quarantined bodies that came to be the leads' events, or whose text holds one of their
    /// emails in any form a body may carry it. Every body is read: the quarantine is small, and an
    /// erasure rare.
    /// </summary>
    private void EraseQuarantined(IReadOnlyList<LeadErasure> erasures)
    {
        if (erasures.Count == 0) return;
        var owners = new Dictionary<long, LeadErasure>();
        foreach (var erasure in erasures)
            foreach (var id in erasure.QuarantineIds) owners[id] = erasure;
        var emails = erasures.SelectMany(e => e.Emails.Select(email => (Email: email, Erasure: e))).ToList();
        // Read as it goes (on the writer thread, nothing awaited), bodies and all: only ids are kept.
        foreach (var doc in _quarantine.FindAll())
        {
            var id = doc[Schema.Id].AsInt64;
            if (!owners.ContainsKey(id) && emails.Count > 0)
            {
                var body = RawBody.Decompress(doc[Q.Body].AsBinary, doc[Q.BodyLength].AsInt32);
                var holder = QuarantineText.FindAny(body, emails.Select(e => e.Email));
                if (holder is not null) owners[id] = emails.First(e => string.Equals(e.Email, holder, StringComparison.OrdinalIgnoreCase)).Erasure;
            }
        }
        foreach (var (id, erasure) in owners)
        {
            if (!_quarantine.Delete(id)) continue;
            Counters.Quarantined--;
            erasure.Quarantined++;
        }
    }

    private void LogErasure(LeadErasure erasure) => _erasures.Insert(new BsonDocument
    {
        [X.Lead] = erasure.LeadId,
        [X.At] = erasure.At,
        [X.Events] = erasure.Events,
        [X.Transactions] = erasure.Transactions,
        [X.Quarantined] = erasure.Quarantined,
    });

    /// <summary>
    /// Keeps a lead's "deleted in Kartra" mark as its latest snapshot says (a re-processed older
    /// ping does not change it), with the lead's latest activity as the key of the deleted list.
    /// </summary>
    private void MarkDeleted(BsonDocument doc, KartraLead lead, DateTime at)
    {
        var was = Bson.Flag(doc[O.LeadDeleted]);
        var now = doc[L.SnapshotAt].AsDateTime == at ? lead.Attributes.Deleted : was;
        if (!now && !was) return;
        if (now)
        {
            doc[O.LeadDeleted] = true;
            _deletedLeads.Upsert(new BsonDocument { [Schema.Id] = doc[Schema.Id], [Schema.DeletedLeads.Last] = doc[L.Last] });
        }
        else
        {
            doc.Remove(O.LeadDeleted);
            _deletedLeads.Delete(doc[Schema.Id]);
        }
        if (now != was) Counters.DeletedLeads += now ? 1 : -1;
    }

    /// <summary>
    /// Used by a restore: ids from <paramref name="first"/> on were issued by the database being
    /// replaced, so they are never issued again, and every list knows they name no event.
    /// </summary>
    public void SkipIdsThrough(long last)
    {
        var first = Counters.LastEventId + 1;
        if (last < first) return;
        _goneIds.Insert(new BsonDocument { [Schema.Id] = first, [G.Last] = last });
        Counters.LastEventId = last;
    }

    /// <summary>Used by a restore: quarantine ids go on above the highest ever issued.</summary>
    public void SkipQuarantineIdsThrough(long last) => Counters.LastQuarantineId = Math.Max(Counters.LastQuarantineId, last);

    /// <summary>The erasure log, oldest first (a restore replays what the copy lacks).</summary>
    public List<LeadErasure> ErasureLog() =>
        _erasures.FindAll().Select(d => new LeadErasure(d[X.Lead].AsString, DateTime.SpecifyKind(d[X.At].AsDateTime, DateTimeKind.Utc))
        {
            Events = d[X.Events].AsInt32,
            Transactions = d[X.Transactions].AsInt32,
            Quarantined = d[X.Quarantined].AsInt32,
        }).ToList();

    /// <summary>
    /// Used by a restore: applies an erasure of the replaced database to the copy, or, when the
    /// copy never held the lead, keeps the entry as it was, so the log stays whole.
    /// </summary>
    public bool EraseAgain(LeadErasure logged)
    {
        if (EraseLead(logged.LeadId, logged.At) is not null) return true;
        LogErasure(logged);
        return false;
    }
}

/// <summary>What one erasure removed: the lead, when, and how much of each kind.</summary>
public sealed class LeadErasure(string leadId, DateTime at)
{
    public string LeadId { get; } = leadId;
    public DateTime At { get; } = at;
    public int Events { get; internal set; }
    public int Transactions { get; internal set; }
    public int Quarantined { get; internal set; }

    /// <summary>Every email the lead was known by: its quarantined bodies are found by them.</summary>
    internal HashSet<string> Emails { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Quarantined bodies that became the lead's events.</summary>
    internal HashSet<long> QuarantineIds { get; } = [];

    internal void Remember(string? email)
    {
        if (!string.IsNullOrWhiteSpace(email)) Emails.Add(email.Trim());
    }
}

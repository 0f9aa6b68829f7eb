using KartraDashboard.Ingestion;
using LiteDB;
using CD = KartraDashboard.Storage.Schema.CustomerDays;
using S = KartraDashboard.Storage.Schema.Subscriptions;
using SD = KartraDashboard.Storage.Schema.SubscriptionDays;
using T = KartraDashboard.Storage.Schema.Transactions;
using TM = KartraDashboard.Storage.Schema.TransactionMoney;

namespace KartraDashboard.Storage;

/// <summary>
/// What a transaction changes in the money figures beyond the day's revenue: its subscription's
/// document, the subscription day figures (kept in memory until the commit), the sale it refunds,
/// and the customers of its day. Each transaction costs its subscription's document, and for a
/// sale a day-customer key; day figures are written once per commit.
/// </summary>
internal sealed partial class Ledger
{
    private ILiteCollection<BsonDocument> Subscriptions => db.Collection(S.Collection);

    /// <summary>Subscriptions changed since the writer last took them, to be published once committed.</summary>
    public Dictionary<string, SubscriptionState> ChangedSubscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>Subscription day figures changed in the open transaction, written with the counters.</summary>
    private readonly Dictionary<string, SubscriptionDay> _subscriptionDays = new(StringComparer.Ordinal);

    private sealed class SubscriptionDay
    {
        public decimal Mrr;
        public long Count, Cancelled, TrialsStarted, TrialsConverted;
    }

    /// <summary>Marks a transaction about to be stored with what the money figures read from it (a rebill is flagged).</summary>
    private static void MarkMoney(BsonDocument doc, SubscriptionFields fields)
    {
        if (fields.Rebill && doc[T.Type].AsString == TransactionTypes.Sale) doc[TM.Rebill] = true;
        if (fields.SubscriptionId is { } sub) doc[TM.Subscription] = sub;
    }

    /// <summary>Applies a stored transaction to its subscription, the sale it refunds and its day's customers.</summary>
    private void KeepMoney(BsonDocument doc, SubscriptionFields fields)
    {
        var type = doc[T.Type].AsString;
        var date = doc[T.Date].AsDateTime;
        bool counts = !Bson.Flag(doc[T.AmountRejected]);
        var amount = counts ? Math.Abs(Bson.Decimal(doc[T.FullAmount]) ?? 0m) : 0m;
        bool refund = type is TransactionTypes.Refund or TransactionTypes.PartialRefund;

        if (type == TransactionTypes.Sale && counts && Bson.Str(doc[T.Lead]) is { } lead) CountCustomer(date, lead);
        if (refund && fields.ParentId is { } parent) LinkRefund(parent, doc[Schema.Id].AsString);
        if (fields.SubscriptionId is not { } id) return;

        var old = SubscriptionOf(id);
        if (old is null && refund) return; // a refund of nothing kept: nothing to change
        var state = old ?? new SubscriptionState { Id = id, Started = date, OnlyTrial = true };
        state = state with
        {
            LeadId = Bson.Str(doc[T.Lead]) ?? state.LeadId,
            LeadEmail = Bson.Str(doc[T.Email]) ?? state.LeadEmail,
            ProductId = Bson.Str(doc[T.ProductId]) ?? state.ProductId,
            ProductName = Bson.Str(doc[T.ProductName]) ?? state.ProductName,
        };
        if (type == TransactionTypes.Sale) state = Pay(state, fields, date, doc, amount);
        else if (refund) state = state with { Refunded = state.Refunded + amount };
        else if (type == TransactionTypes.Cancellation && state.CancelledAt is null) state = state with { CancelledAt = date };

        if (old?.CancelledOn is null && state.CancelledOn is { } cancelled) Day(cancelled).Cancelled++;
        if (old?.Trial != true && state.Trial) Day(state.Started).TrialsStarted++;
        if (state.Trial && old?.Payments == 1 && state.Payments == 2) Day(date).TrialsConverted++;
        MoveWindow(old?.Window, state.Window, date);

        Subscriptions.Upsert(ToBson(state));
        ChangedSubscriptions[id] = state;
    }

    /// <summary>Part of an erasure: the lead's subscriptions keep their figures, but no longer say whose they are.</summary>
    private void EraseSubscriptionLeads(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (SubscriptionOf(id) is not { } s) continue;
            var erased = s with { LeadId = Schema.Ownership.ErasedLead, LeadEmail = null };
            Subscriptions.Upsert(ToBson(erased));
            ChangedSubscriptions[id] = erased;
        }
    }

    private static SubscriptionState Pay(SubscriptionState s, SubscriptionFields f, DateTime date, BsonDocument doc, decimal amount)
    {
        bool counts = !Bson.Flag(doc[T.AmountRejected]);
        return s.WithPayment(f, date, amount, counts ? Bson.Decimal(doc[T.Tax]) ?? 0m : 0m, counts ? Bson.Decimal(doc[T.Shipping]) ?? 0m : 0m);
    }

    /// <summary>
    /// Moves a subscription's span in MRR from what it was to what it is now, as of <paramref name="cut"/>:
    /// what it counted before then stays counted (so the MRR of past days does not change), and
    /// from then on the new span counts.
    /// </summary>
    private void MoveWindow(MrrWindow? old, MrrWindow? now, DateTime cut)
    {
        if (old == now) return;
        if (old is not null)
        {
            Count(old, -1);
            var keptEnd = old.End < cut ? old.End : cut;
            if (old.Start < keptEnd) Count(old with { End = keptEnd }, 1);
        }
        if (now is not null)
        {
            var start = now.Start > cut || old is null ? now.Start : cut;
            if (start < now.End) Count(now with { Start = start }, 1);
        }
    }

    private void Count(MrrWindow w, int sign)
    {
        var start = Day(w.Start);
        start.Mrr += sign * w.Mrr;
        start.Count += sign;
        var end = Day(w.End);
        end.Mrr -= sign * w.Mrr;
        end.Count -= sign;
    }

    private SubscriptionDay Day(DateTime utc)
    {
        var key = DayKey(utc, dashboardZone);
        if (!_subscriptionDays.TryGetValue(key, out var day)) _subscriptionDays[key] = day = new SubscriptionDay();
        return day;
    }

    /// <summary>Writes the day figures the open transaction changed; called with the counters, before the commit.</summary>
    private void SaveMoney()
    {
        if (_customersChanged)
        {
            _meta.Upsert(new BsonDocument { [Schema.Id] = Schema.Customers.CountId, [Schema.Meta.Count] = _customers!.Value });
            _customersChanged = false;
        }
        if (_subscriptionDays.Count == 0) return;
        var days = db.Collection(SD.Collection);
        foreach (var (key, change) in _subscriptionDays)
        {
            var doc = days.FindById(key) ?? new BsonDocument { [Schema.Id] = key, [SD.MrrChange] = 0m, [SD.CountChange] = 0L, [SD.Cancelled] = 0L, [SD.TrialsStarted] = 0L, [SD.TrialsConverted] = 0L };
            doc[SD.MrrChange] = doc[SD.MrrChange].AsDecimal + change.Mrr;
            doc[SD.CountChange] = doc[SD.CountChange].AsInt64 + change.Count;
            doc[SD.Cancelled] = doc[SD.Cancelled].AsInt64 + change.Cancelled;
            doc[SD.TrialsStarted] = doc[SD.TrialsStarted].AsInt64 + change.TrialsStarted;
            doc[SD.TrialsConverted] = doc[SD.TrialsConverted].AsInt64 + change.TrialsConverted;
            days.Upsert(doc);
        }
        _subscriptionDays.Clear();
    }

    private void ReloadMoney()
    {
        _subscriptionDays.Clear();
        ChangedSubscriptions.Clear();
        _knownCustomerDays.Clear();
        _knownCustomers.Clear();
        _customers = null;
        _customersChanged = false;
    }

    // Caches only (cleared past a size, and after a rollback): a repeat customer costs no read.
    private readonly HashSet<string> _knownCustomerDays = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownCustomers = new(StringComparer.Ordinal);
    private long? _customers;
    private bool _customersChanged;
    private const int CustomerCacheSize = 100_000;

    /// <summary>A lead with a sale on a day: one key per day and lead, and one per lead ever (counted, the count written once per commit).</summary>
    private void CountCustomer(DateTime date, string lead)
    {
        var id = Keys.Cut(lead);
        var key = DayKey(date, dashboardZone) + CD.Separator + id;
        if (_knownCustomerDays.Count >= CustomerCacheSize) _knownCustomerDays.Clear();
        if (_knownCustomerDays.Add(key))
        {
            var days = db.Collection(CD.Collection);
            if (days.FindById(key) is null) days.Insert(new BsonDocument { [Schema.Id] = key });
        }
        if (_knownCustomers.Count >= CustomerCacheSize) _knownCustomers.Clear();
        if (!_knownCustomers.Add(id)) return;
        var customers = db.Collection(Schema.Customers.Collection);
        if (customers.FindById(id) is not null) return;
        customers.Insert(new BsonDocument { [Schema.Id] = id });
        _customers = (_customers ?? (_meta.FindById(Schema.Customers.CountId) is { } meta ? meta[Schema.Meta.Count].AsInt64 : 0L)) + 1;
        _customersChanged = true;
    }

    /// <summary>Adds a refund to its sale's list, so a sale finds its refunds by its own key.</summary>
    private void LinkRefund(string parentTransactionId, string refundKey)
    {
        foreach (var sale in RecordsOf(_transactions, parentTransactionId))
        {
            if (sale[T.Type].AsString != TransactionTypes.Sale) continue;
            var refunds = sale[TM.Refunds].IsArray ? sale[TM.Refunds].AsArray : new BsonArray();
            if (refunds.Any(r => r.AsString == refundKey)) return;
            refunds.Add(refundKey);
            sale[TM.Refunds] = refunds;
            _transactions.Update(sale);
            return;
        }
    }

    /// <summary>Every stored record with a transaction id (each action keeps its own): a prefix of their keys.</summary>
    internal static List<BsonDocument> RecordsOf(ILiteCollection<BsonDocument> transactions, string transactionId)
    {
        var prefix = TransactionKeyPrefix(transactionId);
        // A parameter, not Query.StartsWith: that writes the prefix into the expression's text, and
        // LiteDB parses and compiles each new text anew, most of a millisecond per refund.
        return transactions.Find(BsonExpression.Create(IdLike, new BsonValue(prefix + "%"))).Where(d => d[Schema.Id].AsString.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    private static readonly string IdLike = $"$.{Schema.Id} LIKE @0";

    internal static string TransactionKeyPrefix(string transactionId) => "tx:" + transactionId + ":";

    private SubscriptionState? SubscriptionOf(string id) =>
        ChangedSubscriptions.TryGetValue(id, out var s) ? s : Subscriptions.FindById(id) is { } doc ? FromBson(doc) : null;

    /// <summary>Every kept subscription, read once at start into memory (see <see cref="SubscriptionBook"/>).</summary>
    public List<SubscriptionState> AllSubscriptions() => Subscriptions.FindAll().Select(FromBson).ToList();

    /// <summary>Subscription day figures, in date order, read whole (few: one per day with a change).</summary>
    public static List<(DateOnly Day, decimal Mrr, long Count, long Cancelled, long TrialsStarted, long TrialsConverted)> SubscriptionDays(Database db) =>
        db.Collection(SD.Collection).FindAll()
            .Select(d => (Keys.ParseDay(d[Schema.Id].AsString), d[SD.MrrChange].AsDecimal, d[SD.CountChange].AsInt64, d[SD.Cancelled].AsInt64, d[SD.TrialsStarted].AsInt64, d[SD.TrialsConverted].AsInt64))
            .OrderBy(d => d.Item1).ToList();

    internal static BsonDocument ToBson(SubscriptionState s)
    {
        var doc = new BsonDocument
        {
            [Schema.Id] = s.Id,
            [S.Lead] = s.LeadId, [S.Email] = s.LeadEmail, [S.ProductId] = s.ProductId, [S.ProductName] = s.ProductName,
            [S.Started] = s.Started, [S.Payments] = s.Payments, [S.Rebills] = s.Rebills, [S.Paid] = s.Paid, [S.Refunded] = s.Refunded,
            [S.Trial] = s.Trial, [S.OnlyTrial] = s.OnlyTrial, [S.TrialPeriod] = s.TrialPeriod,
            [S.PayNumber] = s.PayNumber, [S.LastPayment] = s.LastPayment, [S.FullAmount] = s.FullAmount, [S.Tax] = s.Tax, [S.Shipping] = s.Shipping,
            [S.PaymentsLeft] = s.PaymentsLeft, [S.RebillCircle] = s.RebillCircle, [S.CancelledAt] = s.CancelledAt,
        };
        return doc;
    }

    internal static SubscriptionState FromBson(BsonDocument d) => new()
    {
        Id = d[Schema.Id].AsString,
        LeadId = Bson.Str(d[S.Lead]), LeadEmail = Bson.Str(d[S.Email]), ProductId = Bson.Str(d[S.ProductId]), ProductName = Bson.Str(d[S.ProductName]),
        Started = Utc(d[S.Started]), Payments = d[S.Payments].AsInt64, Rebills = d[S.Rebills].AsInt64, Paid = d[S.Paid].AsDecimal, Refunded = d[S.Refunded].AsDecimal,
        Trial = Bson.Flag(d[S.Trial]), OnlyTrial = Bson.Flag(d[S.OnlyTrial]), TrialPeriod = Bson.Int(d[S.TrialPeriod]),
        PayNumber = d[S.PayNumber].AsInt32, LastPayment = d[S.LastPayment].IsNull ? null : Utc(d[S.LastPayment]),
        FullAmount = d[S.FullAmount].AsDecimal, Tax = d[S.Tax].AsDecimal, Shipping = d[S.Shipping].AsDecimal,
        PaymentsLeft = Bson.Int(d[S.PaymentsLeft]), RebillCircle = Bson.Int(d[S.RebillCircle]),
        CancelledAt = d[S.CancelledAt].IsNull ? null : Utc(d[S.CancelledAt]),
    };

    private static DateTime Utc(BsonValue v) => DateTime.SpecifyKind(v.AsDateTime, DateTimeKind.Utc);

    private const string MoneySplitSetting = "moneySplit";
    private const string MoneySplitProgressId = "moneySplit";
    private const string MoneySplitAfter = "after", MoneySplitDone = "done";

    /// <summary>
    /// Gives transactions stored before the money figures existed their initial/rebill split,
    /// subscriptions, refund links and customers: replayed once, in date order, one batch per
    /// call (each its own transaction), progress kept. Returns how many it replayed; 0 once done.
    /// A file with no transaction yet is done at once, so nothing stored later is replayed.
    /// </summary>
    public int SplitMoney(int batch)
    {
        if (Setting(MoneySplitSetting) == "1") return 0;
        var progress = _meta.FindById(MoneySplitProgressId);
        var after = progress is null ? DateTime.MinValue : progress[MoneySplitAfter].AsDateTime;
        var done = progress is null ? [] : progress[MoneySplitDone].AsArray.Select(v => v.AsString).ToHashSet(StringComparer.Ordinal);
        var query = new Query { OrderBy = "$." + T.Date, Limit = batch + done.Count };
        query.Where.Add(Filter.Gte(T.Date, after));
        var docs = _transactions.Find(query).ToList()
            .Where(d => d[T.Date].AsDateTime > after || !done.Contains(d[Schema.Id].AsString)).Take(batch).ToList();
        if (docs.Count == 0)
        {
            _meta.Delete(MoneySplitProgressId);
            SetSetting(MoneySplitSetting, "1");
            return 0;
        }
        foreach (var doc in docs)
        {
            var fields = SubscriptionFields.Of(TransactionFieldsPacking.Unpack(doc[T.Fields]));
            MarkMoney(doc, fields);
            if (Bson.Flag(doc[TM.Rebill]))
            {
                RevenueDay(DayKey(doc[T.Date].AsDateTime, dashboardZone)).CountRebill(doc);
            }
            _transactions.Update(doc);
            KeepMoney(doc, fields);
        }
        var last = docs[^1][T.Date].AsDateTime;
        var atLast = docs.Where(d => d[T.Date].AsDateTime == last).Select(d => d[Schema.Id].AsString);
        if (last == after) atLast = atLast.Concat(done);
        _meta.Upsert(new BsonDocument
        {
            [Schema.Id] = MoneySplitProgressId,
            [MoneySplitAfter] = last,
            [MoneySplitDone] = new BsonArray(atLast.Distinct().Select(id => new BsonValue(id))),
        });
        return docs.Count;
    }
}

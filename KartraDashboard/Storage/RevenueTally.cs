using KartraDashboard.Ingestion;
using LiteDB;
using R = KartraDashboard.Storage.Schema.RevenueDays;
using T = KartraDashboard.Storage.Schema.Transactions;

namespace KartraDashboard.Storage;

/// <summary>
/// Revenue figures that add up: one is kept per day on every write, and a report is the sum of
/// the days it covers, so no page ever re-reads every transaction.
/// </summary>
public sealed class RevenueTally
{
    private sealed class Line
    {
        public string? Id;
        public string Name = "";
        public string? Role;
        public long SalesCount;
        public decimal Sales;
        public long RefundsCount;
        public decimal Refunds;
        public long RebillsCount;
        public decimal Rebills;
    }

    public long SalesCount { get; private set; }
    public decimal Sales { get; private set; }
    public long RefundsCount { get; private set; }
    public decimal Refunds { get; private set; }
    public decimal Tax { get; private set; }
    public decimal Shipping { get; private set; }
    public long Cancellations { get; private set; }
    /// <summary>Sales that are rebills (pay number 2 or more); the rest of the sales are initial payments.</summary>
    public long RebillsCount { get; private set; }
    public decimal Rebills { get; private set; }
    /// <summary>
    /// Transactions by Kartra's transaction_type (types it does not document count as "other"), so a
    /// list of them can say its size without counting.
    /// </summary>
    public Dictionary<string, long> Types { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Line> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Line> _processors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Line> _affiliates = new(StringComparer.Ordinal);

    /// <summary>Adds one stored, non-duplicate transaction (a transactions-collection document).</summary>
    public void Add(BsonDocument tx)
    {
        var type = tx[T.Type].AsString;
        Types[TypeKey(type)] = Types.GetValueOrDefault(TypeKey(type)) + 1;
        var amount = Math.Abs(Bson.Decimal(tx[T.FullAmount]) ?? 0m);
        bool sale = type == TransactionTypes.Sale;
        bool refund = type is TransactionTypes.Refund or TransactionTypes.PartialRefund;
        if (type == TransactionTypes.Cancellation) Cancellations++;
        if (!sale && !refund) return;
        if (Bson.Flag(tx[T.AmountRejected])) return;

        if (sale)
        {
            SalesCount++;
            Sales = Sums.Add(Sales, amount);
            Tax = Sums.Add(Tax, Bson.Decimal(tx[T.Tax]) ?? 0m);
            Shipping = Sums.Add(Shipping, Bson.Decimal(tx[T.Shipping]) ?? 0m);
        }
        else
        {
            RefundsCount++;
            Refunds = Sums.Add(Refunds, amount);
        }

        var productName = Text(tx[T.ProductName]);
        var productId = Text(tx[T.ProductId]);
        Count(_products, productId ?? productName ?? "", productId, productName ?? (productId is null ? "(no product)" : $"Product {productId}"), null, sale, amount);
        var processor = Text(tx[T.Processor]) ?? "(none)";
        Count(_processors, processor, null, processor, null, sale, amount);
        if (Text(tx[T.Affiliate]) is { } affiliate) Count(_affiliates, "affiliate:" + affiliate, null, affiliate, "affiliate", sale, amount);
        if (Text(tx[T.Jv]) is { } jv) Count(_affiliates, "jv:" + jv, null, jv, "jv", sale, amount);
        if (sale && Bson.Flag(tx[Schema.TransactionMoney.Rebill])) CountRebill(tx);
    }

    /// <summary>Counts an already counted sale as a rebill too (also for a sale of an older file, split once at start).</summary>
    public void CountRebill(BsonDocument tx)
    {
        if (Bson.Flag(tx[T.AmountRejected]) || tx[T.Type].AsString != TransactionTypes.Sale) return;
        var amount = Math.Abs(Bson.Decimal(tx[T.FullAmount]) ?? 0m);
        RebillsCount++;
        Rebills = Sums.Add(Rebills, amount);
        var productId = Text(tx[T.ProductId]);
        if (_products.TryGetValue(productId ?? Text(tx[T.ProductName]) ?? "", out var line)) { line.RebillsCount++; line.Rebills = Sums.Add(line.Rebills, amount); }
    }

    /// <summary>A name kept in a figure, cut (<see cref="Keys.Cut"/>); null when blank.</summary>
    private static string? Text(BsonValue v) => v.IsString && !string.IsNullOrWhiteSpace(v.AsString) ? Keys.Cut(v.AsString) : null;

    private static void Count(Dictionary<string, Line> lines, string key, string? id, string name, string? role, bool sale, decimal amount)
    {
        if (!lines.ContainsKey(key) && lines.Count >= MaxKeptLines)
            (key, id, name, role) = (BeyondKey, null, BeyondName, null);
        if (!lines.TryGetValue(key, out var line)) lines[key] = line = new Line { Id = id, Role = role };
        line.Name = name;
        if (sale) { line.SalesCount++; line.Sales = Sums.Add(line.Sales, amount); }
        else { line.RefundsCount++; line.Refunds = Sums.Add(line.Refunds, amount); }
    }

    /// <summary>
    /// Lines one day's tally keeps of each kind; sales of any further product, processor or
    /// affiliate that day count in one line, so a day's document has a fixed largest size
    /// (LiteDB refuses a document past 16 MB) whatever names pings send.
    /// </summary>
    public const int MaxKeptLines = 1_000;
    public const string BeyondKey = "(beyond)", BeyondName = "(more than a day keeps)";

    public const string OtherType = "other";

    public static string TypeKey(string type) => TransactionTypes.All.Contains(type) ? type : OtherType;

    public void Merge(RevenueTally other)
    {
        SalesCount += other.SalesCount; Sales = Sums.Add(Sales, other.Sales);
        RefundsCount += other.RefundsCount; Refunds = Sums.Add(Refunds, other.Refunds);
        Tax = Sums.Add(Tax, other.Tax); Shipping = Sums.Add(Shipping, other.Shipping); Cancellations += other.Cancellations;
        RebillsCount += other.RebillsCount; Rebills = Sums.Add(Rebills, other.Rebills);
        foreach (var (type, n) in other.Types) Types[type] = Types.GetValueOrDefault(type) + n;
        MergeLines(_products, other._products);
        MergeLines(_processors, other._processors);
        MergeLines(_affiliates, other._affiliates);
    }

    private static void MergeLines(Dictionary<string, Line> into, Dictionary<string, Line> from)
    {
        foreach (var (key, l) in from)
        {
            if (!into.TryGetValue(key, out var line)) into[key] = line = new Line { Id = l.Id, Role = l.Role };
            line.Name = l.Name;
            line.SalesCount += l.SalesCount; line.Sales = Sums.Add(line.Sales, l.Sales);
            line.RefundsCount += l.RefundsCount; line.Refunds = Sums.Add(line.Refunds, l.Refunds);
            line.RebillsCount += l.RebillsCount; line.Rebills = Sums.Add(line.Rebills, l.Rebills);
        }
    }

    public bool IsEmpty => Types.Count == 0;

    public RevenueDay ToDay(DateOnly date) => new(date, SalesCount, Sales, RefundsCount, Refunds);

    /// <summary>The report of these figures, with the days they sum (in date order; the latest <see cref="MaxDays"/> listed).</summary>
    public RevenueReport ToReport(string currency, IReadOnlyList<RevenueDay> days) => new(
        currency,
        new Amounts(SalesCount, Sales),
        new Amounts(RefundsCount, Refunds),
        Sales - Refunds,
        Tax,
        Shipping,
        Cancellations,
        Lines(_products),
        Lines(_processors),
        Lines(_affiliates),
        days.Count > MaxDays ? days.Skip(days.Count - MaxDays).ToList() : days)
    {
        ByDayEarlier = days.Count > MaxDays ? RevenueDay.Sum(days.Take(days.Count - MaxDays)) : null,
        Initial = new Amounts(SalesCount - RebillsCount, Sales - Rebills),
        Rebills = new Amounts(RebillsCount, Rebills),
        RefundRate = SalesCount == 0 ? 0m : Math.Round((decimal)RefundsCount / SalesCount, 4, MidpointRounding.AwayFromZero),
        AverageOrder = SalesCount == 0 ? 0m : Money.Round(Sales / SalesCount),
    };

    /// <summary>Lines a report lists before it sums the rest into one; days likewise, the latest kept.</summary>
    public const int MaxLines = 100, MaxDays = 400;

    /// <summary>The lines by net, the first <see cref="MaxLines"/> as they are and the rest summed into one line.</summary>
    private static List<RevenueLine> Lines(Dictionary<string, Line> lines)
    {
        var ordered = lines.Select(p => new RevenueLine(p.Key, p.Value.Id, p.Value.Name, p.Value.SalesCount, p.Value.Sales, p.Value.RefundsCount, p.Value.Refunds)
            {
                Role = p.Value.Role,
                Initial = new Amounts(p.Value.SalesCount - p.Value.RebillsCount, p.Value.Sales - p.Value.Rebills),
                Rebills = new Amounts(p.Value.RebillsCount, p.Value.Rebills),
            })
            .OrderByDescending(l => l.Sales - l.Refunds).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();
        if (ordered.Count <= MaxLines) return ordered;
        var rest = ordered.Skip(MaxLines).ToList();
        var others = new RevenueLine(RevenueLine.RestKey, null, $"{rest.Count:N0} others", rest.Sum(l => l.SalesCount), Sums.Total(rest, l => l.Sales), rest.Sum(l => l.RefundsCount), Sums.Total(rest, l => l.Refunds))
        {
            Rest = rest.Count,
        };
        return [.. ordered.Take(MaxLines), others];
    }

    public BsonDocument ToBson() => new()
    {
        [R.SalesCount] = SalesCount, [R.Sales] = Sales, [R.RefundsCount] = RefundsCount, [R.Refunds] = Refunds,
        [R.Tax] = Tax, [R.Shipping] = Shipping, [R.Cancellations] = Cancellations,
        [Schema.RevenueDayMoney.RebillsCount] = RebillsCount, [Schema.RevenueDayMoney.Rebills] = Rebills,
        [R.Types] = new BsonArray(Types.Select(p => new BsonDocument { [Schema.Map.Key] = p.Key, [Schema.Map.Count] = p.Value })),
        [R.Products] = LinesToBson(_products), [R.Processors] = LinesToBson(_processors), [R.Affiliates] = LinesToBson(_affiliates),
    };

    public static RevenueTally FromBson(BsonDocument? doc)
    {
        var t = new RevenueTally();
        if (doc is null) return t;
        t.SalesCount = doc[R.SalesCount].AsInt64; t.Sales = doc[R.Sales].AsDecimal;
        t.RefundsCount = doc[R.RefundsCount].AsInt64; t.Refunds = doc[R.Refunds].AsDecimal;
        t.Tax = doc[R.Tax].AsDecimal; t.Shipping = doc[R.Shipping].AsDecimal; t.Cancellations = doc[R.Cancellations].AsInt64;
        // Days written before the split have no rebills: every sale counts as initial until it is split at start.
        t.RebillsCount = doc[Schema.RevenueDayMoney.RebillsCount].IsNumber ? doc[Schema.RevenueDayMoney.RebillsCount].AsInt64 : 0;
        t.Rebills = doc[Schema.RevenueDayMoney.Rebills].IsNumber ? doc[Schema.RevenueDayMoney.Rebills].AsDecimal : 0m;
        if (doc[R.Types].IsArray) foreach (var v in doc[R.Types].AsArray) t.Types[v[Schema.Map.Key].AsString] = v[Schema.Map.Count].AsInt64;
        LinesFromBson(doc[R.Products], t._products);
        LinesFromBson(doc[R.Processors], t._processors);
        LinesFromBson(doc[R.Affiliates], t._affiliates);
        return t;
    }

    private static BsonArray LinesToBson(Dictionary<string, Line> lines) => new(lines.Select(p => new BsonDocument
    {
        [R.Line.Key] = p.Key, [R.Line.Id] = p.Value.Id, [R.Line.Name] = p.Value.Name, [R.Line.Role] = p.Value.Role,
        [R.SalesCount] = p.Value.SalesCount, [R.Sales] = p.Value.Sales, [R.RefundsCount] = p.Value.RefundsCount, [R.Refunds] = p.Value.Refunds,
        [Schema.RevenueDayMoney.RebillsCount] = p.Value.RebillsCount, [Schema.RevenueDayMoney.Rebills] = p.Value.Rebills,
    }));

    private static void LinesFromBson(BsonValue array, Dictionary<string, Line> into)
    {
        if (!array.IsArray) return;
        foreach (var v in array.AsArray)
        {
            var d = v.AsDocument;
            into[d[R.Line.Key].AsString] = new Line
            {
                Id = Bson.Str(d[R.Line.Id]),
                Name = d[R.Line.Name].AsString,
                Role = Bson.Str(d[R.Line.Role]),
                SalesCount = d[R.SalesCount].AsInt64, Sales = d[R.Sales].AsDecimal,
                RefundsCount = d[R.RefundsCount].AsInt64, Refunds = d[R.Refunds].AsDecimal,
                RebillsCount = d[Schema.RevenueDayMoney.RebillsCount].IsNumber ? d[Schema.RevenueDayMoney.RebillsCount].AsInt64 : 0,
                Rebills = d[Schema.RevenueDayMoney.Rebills].IsNumber ? d[Schema.RevenueDayMoney.Rebills].AsDecimal : 0m,
            };
        }
    }
}

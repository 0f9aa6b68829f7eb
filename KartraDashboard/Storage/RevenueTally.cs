using KartraDashboard.Ingestion;
using LiteDB;

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
    }

    public long SalesCount { get; private set; }
    public decimal Sales { get; private set; }
    public long RefundsCount { get; private set; }
    public decimal Refunds { get; private set; }
    public decimal Tax { get; private set; }
    public decimal Shipping { get; private set; }
    public long Cancellations { get; private set; }
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
        var type = tx["type"].AsString;
        Types[TypeKey(type)] = Types.GetValueOrDefault(TypeKey(type)) + 1;
        var amount = Math.Abs(tx["full"].IsNull ? 0m : tx["full"].AsDecimal);
        bool sale = type == TransactionTypes.Sale;
        bool refund = type is TransactionTypes.Refund or TransactionTypes.PartialRefund;
        if (type == TransactionTypes.Cancellation) Cancellations++;
        if (!sale && !refund) return;

        if (sale)
        {
            SalesCount++;
            Sales += amount;
            Tax += tx["tax"].IsNull ? 0m : tx["tax"].AsDecimal;
            Shipping += tx["ship"].IsNull ? 0m : tx["ship"].AsDecimal;
        }
        else
        {
            RefundsCount++;
            Refunds += amount;
        }

        var productName = Text(tx["productName"]);
        var productId = Text(tx["productId"]);
        Count(_products, productId ?? productName ?? "", productId, productName ?? (productId is null ? "(no product)" : $"Product {productId}"), null, sale, amount);
        var processor = Text(tx["processor"]) ?? "(none)";
        Count(_processors, processor, null, processor, null, sale, amount);
        if (Text(tx["affiliate"]) is { } affiliate) Count(_affiliates, "affiliate:" + affiliate, null, affiliate, "affiliate", sale, amount);
        if (Text(tx["jv"]) is { } jv) Count(_affiliates, "jv:" + jv, null, jv, "jv", sale, amount);
    }

    private static string? Text(BsonValue v) => v.IsString && !string.IsNullOrWhiteSpace(v.AsString) ? v.AsString : null;

    private static void Count(Dictionary<string, Line> lines, string key, string? id, string name, string? role, bool sale, decimal amount)
    {
        if (!lines.TryGetValue(key, out var line)) lines[key] = line = new Line { Id = id, Role = role };
        line.Name = name;
        if (sale) { line.SalesCount++; line.Sales += amount; }
        else { line.RefundsCount++; line.Refunds += amount; }
    }

    public const string OtherType = "other";

    public static string TypeKey(string type) => TransactionTypes.All.Contains(type) ? type : OtherType;

    public void Merge(RevenueTally other)
    {
        SalesCount += other.SalesCount; Sales += other.Sales;
        RefundsCount += other.RefundsCount; Refunds += other.Refunds;
        Tax += other.Tax; Shipping += other.Shipping; Cancellations += other.Cancellations;
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
            line.SalesCount += l.SalesCount; line.Sales += l.Sales;
            line.RefundsCount += l.RefundsCount; line.Refunds += l.Refunds;
        }
    }

    public bool IsEmpty => Types.Count == 0;

    public RevenueDay ToDay(DateOnly date) => new(date, SalesCount, Sales, RefundsCount, Refunds);

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
        days);

    private static List<RevenueLine> Lines(Dictionary<string, Line> lines) =>
        lines.Select(p => new RevenueLine(p.Key, p.Value.Id, p.Value.Name, p.Value.SalesCount, p.Value.Sales, p.Value.RefundsCount, p.Value.Refunds) { Role = p.Value.Role })
            .OrderByDescending(l => l.Sales - l.Refunds).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();

    public BsonDocument ToBson() => new()
    {
        ["sc"] = SalesCount, ["s"] = Sales, ["rc"] = RefundsCount, ["r"] = Refunds,
        ["tax"] = Tax, ["ship"] = Shipping, ["c"] = Cancellations,
        ["types"] = new BsonArray(Types.Select(p => new BsonDocument { ["k"] = p.Key, ["n"] = p.Value })),
        ["products"] = LinesToBson(_products), ["processors"] = LinesToBson(_processors), ["affiliates"] = LinesToBson(_affiliates),
    };

    public static RevenueTally FromBson(BsonDocument? doc)
    {
        var t = new RevenueTally();
        if (doc is null) return t;
        t.SalesCount = doc["sc"].AsInt64; t.Sales = doc["s"].AsDecimal;
        t.RefundsCount = doc["rc"].AsInt64; t.Refunds = doc["r"].AsDecimal;
        t.Tax = doc["tax"].AsDecimal; t.Shipping = doc["ship"].AsDecimal; t.Cancellations = doc["c"].AsInt64;
        if (doc["types"].IsArray) foreach (var v in doc["types"].AsArray) t.Types[v["k"].AsString] = v["n"].AsInt64;
        LinesFromBson(doc["products"], t._products);
        LinesFromBson(doc["processors"], t._processors);
        LinesFromBson(doc["affiliates"], t._affiliates);
        return t;
    }

    private static BsonArray LinesToBson(Dictionary<string, Line> lines) => new(lines.Select(p => new BsonDocument
    {
        ["k"] = p.Key, ["id"] = p.Value.Id, ["n"] = p.Value.Name, ["role"] = p.Value.Role,
        ["sc"] = p.Value.SalesCount, ["s"] = p.Value.Sales, ["rc"] = p.Value.RefundsCount, ["r"] = p.Value.Refunds,
    }));

    private static void LinesFromBson(BsonValue array, Dictionary<string, Line> into)
    {
        if (!array.IsArray) return;
        foreach (var v in array.AsArray)
        {
            var d = v.AsDocument;
            into[d["k"].AsString] = new Line
            {
                Id = d["id"].IsNull ? null : d["id"].AsString,
                Name = d["n"].AsString,
                Role = d["role"].IsNull ? null : d["role"].AsString,
                SalesCount = d["sc"].AsInt64, Sales = d["s"].AsDecimal,
                RefundsCount = d["rc"].AsInt64, Refunds = d["r"].AsDecimal,
            };
        }
    }
}

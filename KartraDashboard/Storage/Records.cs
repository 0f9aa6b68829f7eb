using KartraDashboard.Ingestion;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KartraDashboard.Storage;

/// <summary>One event as lists, the live feed and the hub show it.</summary>
public sealed record EventItem(
    string Id,
    DateTimeOffset ReceivedAt,
    string Action,
    string? LeadId,
    string? LeadEmail,
    string? LeadName,
    string Summary,
    decimal? Amount,
    bool Duplicate)
{
    /// <summary>The ping's amount is beyond what counts: kept as sent, counted nowhere.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool AmountRejected { get; init; }
    /// <summary>What the event is about; null when its action has none or the ping sent no id for it.</summary>
    public EventSubject? Subject { get; init; }
}

/// <summary>An event with the body it came with.</summary>
public sealed record EventDetail(
    [property: JsonIgnore] EventItem Item,
    string Raw,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RawEncoding,
    string? ContentType,
    string? RemoteAddress,
    DateTimeOffset? TransactionDate)
{
    public string Id => Item.Id;
    public DateTimeOffset ReceivedAt => Item.ReceivedAt;
    public string Action => Item.Action;
    public string? LeadId => Item.LeadId;
    public string? LeadEmail => Item.LeadEmail;
    public string? LeadName => Item.LeadName;
    public string Summary => Item.Summary;
    public decimal? Amount => Item.Amount;
    public bool Duplicate => Item.Duplicate;

    /// <summary>Why the raw body is no longer kept (<see cref="RemovedByRetention"/>); absent while it is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RawRemoved { get; init; }

    public const string RemovedByRetention = "retention";
    public EventSubject? Subject => Item.Subject;
}

public sealed record Page<T>(long Total, IReadOnlyList<T> Items);

public static class Paging
{
    /// <summary>The most items one page of a list holds.</summary>
    public const int MaxTake = 500;

    public static int Take(int take) => Math.Clamp(take, 0, MaxTake);
}

/// <summary>What a list of events is narrowed to. Times are instants; the API turns dates into them.</summary>
public sealed record EventQuery
{
    public IReadOnlyCollection<string> Actions { get; init; } = [];
    public string? Lead { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
    /// <summary>Cursor: only events older than this id.</summary>
    public long? Before { get; init; }
    /// <summary>Only events about this subject.</summary>
    public (string Kind, string Id)? Subject { get; init; }
    /// <summary>Set by an export, which reads page after page and needs no total.</summary>
    internal bool WithoutTotal { get; init; }
}

/// <summary>A lead in a list.</summary>
public sealed record LeadItem(
    string LeadId,
    string? Email,
    string? Name,
    int? GdprStatus,
    int? GdprCommunications,
    int? Score,
    decimal Spent,
    decimal Refunded,
    long Events,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    /// <summary>The lead's country, else its IP address's.</summary>
    public string? Country { get; init; }
    public string? Source { get; init; }
    /// <summary>Kartra's date_joined; null for 0000-00-00.</summary>
    public DateTimeOffset? DateJoined { get; init; }
    /// <summary>Kartra's blacklisted and lead_deleted flags, as the lead's latest ping says.</summary>
    public bool Blacklisted { get; init; }
    public bool LeadDeleted { get; init; }
}

/// <summary>Something a lead is in (a list, a sequence, a membership level, a calendar class) and where it stands.</summary>
public sealed record LeadMembership(string? Id, string? Name, string State, DateTimeOffset Since)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LevelId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LevelName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ClassId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ClassName { get; init; }
}

public sealed record LeadTag(string? Id, string? Name, DateTimeOffset Since);

/// <summary>A lead's latest snapshot, what its events imply now, its totals and latest events.</summary>
public sealed record LeadDetail(
    [property: JsonIgnore] LeadItem Item,
    JsonObject Snapshot,
    IReadOnlyList<LeadTag> Tags,
    IReadOnlyList<LeadMembership> Lists,
    IReadOnlyList<LeadMembership> Sequences,
    IReadOnlyList<LeadMembership> Memberships,
    IReadOnlyList<LeadMembership> Calendars,
    IReadOnlyList<EventItem> LatestEvents)
{
    public string LeadId => Item.LeadId;
    public string? Email => Item.Email;
    public string? Name => Item.Name;
    public int? Score => Item.Score;
    public int? GdprStatus => Item.GdprStatus;
    public int? GdprCommunications => Item.GdprCommunications;
    public decimal Spent => Item.Spent;
    public decimal Refunded => Item.Refunded;
    public decimal Net => Item.Spent - Item.Refunded;
    public long Events => Item.Events;
    public DateTimeOffset FirstSeen => Item.FirstSeen;
    public DateTimeOffset LastSeen => Item.LastSeen;
    public string? Country => Item.Country;
    public string? Source => Item.Source;
    public DateTimeOffset? DateJoined => Item.DateJoined;
    public bool Blacklisted => Item.Blacklisted;
    public bool LeadDeleted => Item.LeadDeleted;
}

public sealed record LeadQuery
{
    public string? Search { get; init; }
    public int? Gdpr { get; init; }
    /// <summary>Only the leads Kartra deleted.</summary>
    public bool Deleted { get; init; }
    /// <summary>The subject, attribute and total filters and the sort (see <see cref="LeadFilters"/>).</summary>
    public LeadFilters Filters { get; init; } = LeadFilters.None;
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

public sealed record Amounts(long Count, decimal Amount);

/// <summary>A product, payment processor, or affiliate or JV (told apart by <see cref="Role"/>) and what it brought in.</summary>
public sealed record RevenueLine(string Key, string? Id, string Name, long SalesCount, decimal Sales, long RefundsCount, decimal Refunds)
{
    /// <summary>The key of the line that sums the lines past the first hundred.</summary>
    public const string RestKey = "(others)";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Role { get; init; }
    /// <summary>On the line that sums the rest: how many lines it sums.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Rest { get; init; }
    /// <summary>The line's sales split into initial payments and rebills.</summary>
    public Amounts? Initial { get; init; }
    public Amounts? Rebills { get; init; }
    public decimal Net => Sales - Refunds;
}

public sealed record RevenueDay(DateOnly Date, long SalesCount, decimal Sales, long RefundsCount, decimal Refunds)
{
    public decimal Net => Sales - Refunds;

    public RevenueDay Plus(RevenueDay other) =>
        this with { SalesCount = SalesCount + other.SalesCount, Sales = Sums.Add(Sales, other.Sales), RefundsCount = RefundsCount + other.RefundsCount, Refunds = Sums.Add(Refunds, other.Refunds) };

    /// <summary>Days summed into one, dated by the first of them.</summary>
    public static RevenueDay Sum(IEnumerable<RevenueDay> days) => days.Aggregate((a, b) => a.Plus(b));
}

public sealed record RevenueReport(
    string Currency,
    Amounts Sales,
    Amounts Refunds,
    decimal Net,
    decimal Tax,
    decimal Shipping,
    long Cancellations,
    IReadOnlyList<RevenueLine> ByProduct,
    IReadOnlyList<RevenueLine> ByProcessor,
    IReadOnlyList<RevenueLine> ByAffiliate,
    IReadOnlyList<RevenueDay> ByDay)
{
    /// <summary>The days before those listed, summed, when the range has more than a report lists (dated by the first of them).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RevenueDay? ByDayEarlier { get; init; }
    /// <summary>Sales split into initial payments and rebills (pay number 2 or more).</summary>
    public Amounts Initial { get; init; } = new(0, 0m);
    public Amounts Rebills { get; init; } = new(0, 0m);
    /// <summary>Refunds count / sales count; 0 without sales.</summary>
    public decimal RefundRate { get; init; }
    /// <summary>Distinct leads with a sale in the range.</summary>
    public long Customers { get; init; }
    /// <summary>Sales amount / sales count, to the cent.</summary>
    public decimal AverageOrder { get; init; }
}

public sealed record GdprStatusCount(int Status, string Label, long Leads);

public sealed record GdprCommunications(long Agreed, long NotAgreed, long Unknown);

public sealed record GdprReport(IReadOnlyList<GdprStatusCount> ByStatus, long NoStatus, GdprCommunications Communications);

public sealed record TransactionQuery
{
    /// <summary>
    /// The filters as the API, the CSV export and the transactions page take them (dates in
    /// <paramref name="zone"/>), or the reason one cannot be used.
    /// </summary>
    public static bool TryCreate(string? from, string? to, string? type, string? lead, string? product, TimeZoneInfo zone,
        out TransactionQuery query, out string? error)
    {
        query = new TransactionQuery();
        if (!TimeRange.TryParse(from, to, zone, out var start, out var end, out error)) return false;
        if (!string.IsNullOrWhiteSpace(type) && !TransactionTypes.All.Contains(type.Trim()))
        {
            error = $"'type' must be one of {string.Join(", ", TransactionTypes.All)}.";
            return false;
        }
        query = new TransactionQuery { From = start, To = end, Type = type, Lead = lead, Product = product };
        return true;
    }

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Type { get; init; }
    public string? Lead { get; init; }
    public string? Product { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>One stored, non-duplicate transaction.</summary>
public sealed record TransactionRow(
    string? EventId,
    string Action,
    string Type,
    string? TransactionId,
    DateTimeOffset Date,
    string? LeadId,
    string? LeadEmail,
    string? ProductId,
    string? ProductName,
    decimal? Amount,
    string? PaymentProcessor,
    IReadOnlyDictionary<string, string?> Fields);

public sealed record QuarantineItem(string Id, DateTimeOffset ReceivedAt, string Reason, string? ContentType, string? RemoteAddress, int Size, string? ReprocessedAs);

public sealed record QuarantineDetail([property: JsonIgnore] QuarantineItem Item, string Raw, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RawEncoding)
{
    public string Id => Item.Id;
    public DateTimeOffset ReceivedAt => Item.ReceivedAt;
    public string Reason => Item.Reason;
    public string? ContentType => Item.ContentType;
    public string? RemoteAddress => Item.RemoteAddress;
    public int Size => Item.Size;
    public string? ReprocessedAs => Item.ReprocessedAs;
}

public static class GdprLabels
{
    /// <summary>Kartra's names for its six GDPR statuses, as its documentation writes them.</summary>
    public static readonly IReadOnlyList<string> All = ["off", "not subject", "accepted", "not accepted", "unknown", "pending"];

    public static string Of(int status) => status >= 0 && status < All.Count ? All[status] : $"status {status}";

    /// <summary>The name as pages show it, capitalised ("Not subject").</summary>
    public static string Title(int status) => Of(status) is var name ? char.ToUpperInvariant(name[0]) + name[1..] : "";
}

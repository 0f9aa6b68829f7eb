using System.Globalization;

namespace KartraDashboard.Storage;

/// <summary>Money rounded the one way the dashboard rounds it: half away from zero, to the cent.</summary>
public static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}

/// <summary>The statuses of a subscription, as the API names them.</summary>
public static class SubscriptionStatus
{
    public const string Active = "active", Trialing = "trialing", Overdue = "overdue", Lapsed = "lapsed", Cancelled = "cancelled", Completed = "completed";

    public static readonly IReadOnlyList<string> All = [Active, Trialing, Overdue, Lapsed, Cancelled, Completed];

    /// <summary>Kartra's payments_left when the customer cancelled.</summary>
    public const int CancelledByCustomer = 9999;

    /// <summary>Days past the next payment due before a subscription is overdue, and lapsed.</summary>
    public const int OverdueAfterDays = 3, LapsedAfterDays = 30;

    /// <summary>MRR is a month of 30 days.</summary>
    public const int MonthDays = 30;
}

/// <summary>
/// The subscription fields of one transaction_details, read as Kartra documents them (numbers may
/// come as text, "N/A" or empty meaning absent). <see cref="SubscriptionId"/> is null when 0 or
/// absent: the payment belongs to no subscription.
/// </summary>
public sealed record SubscriptionFields(string? SubscriptionId, int? PayNumber, bool TrialPayment, int? TrialPeriod, int? RebillCircle, int? PaymentsLeft, string? ParentId)
{
    /// <summary>Pay number 0, 1 or absent is an initial payment; 2 or more a rebill.</summary>
    public bool Rebill => PayNumber >= 2;

    public static SubscriptionFields Of(IReadOnlyDictionary<string, string?> fields)
    {
        var sub = Whole(fields, "transaction_subscription_id");
        var parent = Whole(fields, "transaction_parent_id");
        return new SubscriptionFields(
            sub is null or 0 ? null : Keys.Cut(sub.Value.ToString(CultureInfo.InvariantCulture)),
            Small(Whole(fields, "transaction_subscription_pay_number")),
            Whole(fields, "trial_payment") == 1,
            Small(Whole(fields, "trial_period")),
            Small(Whole(fields, "rebill_circle")),
            Small(Whole(fields, "payments_left")),
            parent is null or 0 ? null : parent.Value.ToString(CultureInfo.InvariantCulture));
    }

    private static long? Whole(IReadOnlyDictionary<string, string?> fields, string name) =>
        fields.TryGetValue(name, out var text) && decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            && d == Math.Truncate(d) && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;

    private static int? Small(long? n) => n is >= 0 and <= 1_000_000 ? (int)n : null;
}

/// <summary>
/// What is kept of one subscription, and the contract's rules that read it. Status, next payment
/// due and MRR move with the clock, so they are worked out here for a given instant and never stored.
/// </summary>
public sealed record SubscriptionState
{
    public required string Id { get; init; }
    public string? LeadId { get; init; }
    public string? LeadEmail { get; init; }
    public string? ProductId { get; init; }
    public string? ProductName { get; init; }
    /// <summary>The earliest payment's date (or the first record's, before any payment).</summary>
    public DateTime Started { get; init; }
    public long Payments { get; init; }
    public long Rebills { get; init; }
    public decimal Paid { get; init; }
    public decimal Refunded { get; init; }
    public bool Trial { get; init; }
    /// <summary>Every payment so far was an initial one with trial_payment 1.</summary>
    public bool OnlyTrial { get; init; }
    public int? TrialPeriod { get; init; }
    /// <summary>The latest payment: highest pay number, then latest date. Null fields before any payment.</summary>
    public int PayNumber { get; init; }
    public DateTime? LastPayment { get; init; }
    public decimal FullAmount { get; init; }
    public decimal Tax { get; init; }
    public decimal Shipping { get; init; }
    public int? PaymentsLeft { get; init; }
    public int? RebillCircle { get; init; }
    /// <summary>When a cancel_subscription for it arrived (its transaction_date).</summary>
    public DateTime? CancelledAt { get; init; }

    /// <summary>The latest payment's rebill_circle; null when 0 or absent.</summary>
    public int? IntervalDays => RebillCircle is > 0 ? RebillCircle : null;

    public DateTime? NextPaymentDue => LastPayment is { } last && IntervalDays is { } days ? last.AddDays(days) : null;

    private DateTime? TrialEnd => TrialPeriod is { } days ? Started.AddDays(days) : null;

    /// <summary>The contract's rules, in their order.</summary>
    public string Status(DateTime now)
    {
        if (CancelledAt is not null || PaymentsLeft == SubscriptionStatus.CancelledByCustomer) return SubscriptionStatus.Cancelled;
        if (PaymentsLeft == 0) return SubscriptionStatus.Completed;
        if (Payments > 0 && OnlyTrial && TrialEnd > now) return SubscriptionStatus.Trialing;
        if (NextPaymentDue is not { } due) return SubscriptionStatus.Active;
        if (now > due.AddDays(SubscriptionStatus.LapsedAfterDays)) return SubscriptionStatus.Lapsed;
        if (now > due.AddDays(SubscriptionStatus.OverdueAfterDays)) return SubscriptionStatus.Overdue;
        return SubscriptionStatus.Active;
    }

    /// <summary>A month of the latest payment without tax and shipping, rounded; 0 without an interval.</summary>
    public decimal MonthlyAmount => IntervalDays is { } days
        ? Money.Round((FullAmount - Tax - Shipping) * SubscriptionStatus.MonthDays / days)
        : 0m;

    /// <summary>MRR: the monthly amount while active or overdue, else 0.</summary>
    public decimal Mrr(DateTime now) => Status(now) is SubscriptionStatus.Active or SubscriptionStatus.Overdue ? MonthlyAmount : 0m;

    /// <summary>When the cancellation took effect: a cancel_subscription's date, else the latest payment's when it says "cancelled by customer".</summary>
    public DateTime? CancelledOn => CancelledAt ?? (PaymentsLeft == SubscriptionStatus.CancelledByCustomer ? LastPayment : null);

    /// <summary>
    /// The span in which it counts in MRR as things stand: from its latest payment (or its trial's
    /// end) until it lapses or is cancelled, with its monthly amount. None when it never counts.
    /// </summary>
    public MrrWindow? Window
    {
        get
        {
            if (LastPayment is not { } last || NextPaymentDue is not { } due || MonthlyAmount == 0m) return null;
            if (PaymentsLeft is 0 or SubscriptionStatus.CancelledByCustomer) return null;
            var start = OnlyTrial && TrialEnd is { } trialEnd && trialEnd > last ? trialEnd : last;
            var end = due.AddDays(SubscriptionStatus.LapsedAfterDays);
            if (CancelledAt is { } cancelled && cancelled < end) end = cancelled;
            return start < end ? new MrrWindow(start, end, MonthlyAmount) : null;
        }
    }

    /// <summary>
    /// This subscription with one more payment: counted and summed, the trial noted, and taken as
    /// the latest when its pay number is highest (then its date latest). <paramref name="full"/> is
    /// the amount that counts (0 for a rejected one), with its tax and shipping.
    /// </summary>
    public SubscriptionState WithPayment(SubscriptionFields f, DateTime date, decimal full, decimal tax, decimal shipping)
    {
        bool initialTrial = !f.Rebill && f.TrialPayment;
        var next = this with
        {
            Started = Payments == 0 || date < Started ? date : Started,
            Payments = Payments + 1,
            Rebills = Rebills + (f.Rebill ? 1 : 0),
            Paid = Paid + full,
            Trial = Trial || initialTrial,
            OnlyTrial = (Payments == 0 || OnlyTrial) && initialTrial,
            TrialPeriod = initialTrial ? f.TrialPeriod ?? TrialPeriod : TrialPeriod,
        };
        var number = f.PayNumber ?? 0;
        bool latest = LastPayment is not { } last || number > PayNumber || (number == PayNumber && date >= last);
        return latest
            ? next with { PayNumber = number, LastPayment = date, FullAmount = full, Tax = tax, Shipping = shipping, PaymentsLeft = f.PaymentsLeft, RebillCircle = f.RebillCircle }
            : next;
    }

    public SubscriptionItem ToItem(DateTime now) => new(
        Id, LeadId, LeadEmail, ProductId, ProductName, Status(now), Utc(Started), LastPayment is { } l ? Utc(l) : null,
        Payments, Paid, Refunded, IntervalDays, Mrr(now), NextPaymentDue is { } d ? Utc(d) : null, CancelledOn is { } c ? Utc(c) : null, Trial);

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}

/// <summary>A span [Start, End) in which a subscription counts <see cref="Mrr"/> in MRR.</summary>
public sealed record MrrWindow(DateTime Start, DateTime End, decimal Mrr);

/// <summary>One subscription as <c>/api/subscriptions</c> lists it.</summary>
public sealed record SubscriptionItem(
    string SubscriptionId, string? LeadId, string? LeadEmail, string? ProductId, string? ProductName, string Status,
    DateTimeOffset Started, DateTimeOffset? LastPayment, long Payments, decimal Paid, decimal Refunded, int? IntervalDays,
    decimal Mrr, DateTimeOffset? NextPaymentDue, DateTimeOffset? CancelledAt, bool Trial);

/// <summary>Every subscription counted by status, whatever a list's filters; <see cref="Mrr"/> sums the active and overdue ones'.</summary>
public sealed record SubscriptionSummary(long Active, long Trialing, long Overdue, long Lapsed, decimal Mrr, long Cancelled, long Completed);

/// <summary>The answer of <c>/api/subscriptions</c>.</summary>
public sealed record SubscriptionPage(long Total, SubscriptionSummary Summary, IReadOnlyList<SubscriptionItem> Items);

/// <summary>What a list of subscriptions is narrowed to.</summary>
public sealed record SubscriptionQuery
{
    public string? Status { get; init; }
    public string? Product { get; init; }
    public string? Before { get; init; }
    public int Take { get; init; } = 50;
}

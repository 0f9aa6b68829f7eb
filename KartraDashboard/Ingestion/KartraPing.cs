using System.Text.Json.Nodes;

namespace KartraDashboard.Ingestion;

/// <summary>A ping understood: what happened, to whom, and the details the dashboard reads.</summary>
public sealed record KartraPing
{
    public required string Action { get; init; }
    public required KartraLead Lead { get; init; }
    /// <summary>The list, tag, form, sequence, link, video, membership, product, page or calendar class acted on.</summary>
    public PingSubject? Subject { get; init; }
    /// <summary>The score reached, for <c>reaches_score</c>.</summary>
    public int? Points { get; init; }
    public KartraTransaction? Transaction { get; init; }
    /// <summary>One readable line, such as "Tag assigned: VIP".</summary>
    public required string Summary { get; init; }

    public bool IsDocumented => ActionCatalog.Find(Action) is not null;
}

/// <summary>The lead as the ping describes it.</summary>
public sealed record KartraLead
{
    /// <summary>Kartra's lead id as text ("1" whether sent as 1 or "1"); null when absent.</summary>
    public string? Id { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public int? Score { get; init; }
    /// <summary>0..5 as Kartra documents them; null when absent or not a number.</summary>
    public int? GdprStatus { get; init; }
    /// <summary>Kartra's flag: 0 means the lead agreed to be contacted, 1 that it did not.</summary>
    public int? GdprCommunications { get; init; }
    public IReadOnlyList<CustomField> CustomFields { get; init; } = [];
    /// <summary>Country, source, date joined and the other fields filtered and shown.</summary>
    public LeadAttributes Attributes { get; init; } = LeadAttributes.None;
    /// <summary>The lead object as sent, every field kept, including ones Kartra does not document.</summary>
    public JsonObject Snapshot { get; init; } = new();

    public string? Name =>
        string.Join(' ', new[] { FirstName, LastName }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } n ? n : null;
}

/// <summary>A custom field; drop-downs, radio buttons and checkboxes carry options, text fields one value.</summary>
public sealed record CustomField(string? Id, string? Identifier, string? Type, IReadOnlyList<string> Values);

/// <summary>
/// What the action was about, read where <see cref="ActionCatalog"/> says. <see cref="Kind"/> is the
/// prefix of Kartra's keys for it ("list", "tag", "form", "sequence", "tracking_link",
/// "page_split_test_link", "video", "membership", "product", "kartra_page", "calendar");
/// memberships add a level, calendars a class.
/// </summary>
public sealed record PingSubject(string Kind, string? Id, string? Name)
{
    public string? LevelId { get; init; }
    public string? LevelName { get; init; }
    public string? ClassId { get; init; }
    public string? ClassName { get; init; }
    public string? OfficialName { get; init; }
}

/// <summary>The <c>transaction_details</c> of a sale, refund, partial refund or cancellation.</summary>
public sealed record KartraTransaction
{
    /// <summary>Every field as Kartra sent it, as text (numbers keep their digits as written).</summary>
    public required IReadOnlyDictionary<string, string?> Fields { get; init; }
    /// <summary>Null when absent or 0: nothing to deduplicate on.</summary>
    public long? TransactionId { get; init; }
    /// <summary>sale, refund, partial_refund or cancellation (falls back to what the action implies).</summary>
    public required string Type { get; init; }
    public decimal? FullAmount { get; init; }
    public decimal? Tax { get; init; }
    public decimal? Shipping { get; init; }
    public string? ProductId { get; init; }
    public string? ProductName { get; init; }
    public string? Affiliate { get; init; }
    public string? Jv { get; init; }
    public string? PaymentProcessor { get; init; }
    /// <summary>transaction_date read in Kartra's zone; null when absent or 0000-00-00.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The largest amount, of either sign, that counts in any figure: sums of such amounts can never overflow.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>
    /// An amount (full, tax or shipping) beyond <see cref="MaxAmount"/>: the transaction is kept
    /// and listed as sent, but counts in no figure, so one absurd ping cannot block the others.
    /// </summary>
    public bool AmountRejected => Beyond(FullAmount) || Beyond(Tax) || Beyond(Shipping);

    private static bool Beyond(decimal? amount) => amount is { } a && Math.Abs(a) > MaxAmount;

    /// <summary>
    /// What the transaction does to revenue: a sale adds, a refund or partial refund takes away
    /// the absolute value whatever sign Kartra sent, a cancellation moves no money; null for an
    /// amount that is rejected.
    /// </summary>
    public decimal? SignedAmount => AmountRejected ? null : Type switch
    {
        TransactionTypes.Sale => FullAmount is { } a ? Math.Abs(a) : null,
        TransactionTypes.Refund or TransactionTypes.PartialRefund => FullAmount is { } a ? -Math.Abs(a) : null,
        _ => null,
    };
}

public static class TransactionTypes
{
    public const string Sale = "sale";
    public const string Refund = "refund";
    public const string PartialRefund = "partial_refund";
    public const string Cancellation = "cancellation";

    public static readonly IReadOnlyList<string> All = [Sale, Refund, PartialRefund, Cancellation];
}

/// <summary>The parser's answer: a ping, or the reason the body is not one.</summary>
public sealed record PingParseResult(KartraPing? Ping, string? Error)
{
    public static PingParseResult Ok(KartraPing ping) => new(ping, null);
    public static PingParseResult Fail(string error) => new(null, error);
}

public static class TransactionFields
{
    /// <summary>The transaction_details fields in the order Kartra's buy_product documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Documented =
    [
        "transaction_id", "buyer_first_name", "buyer_last_name", "buyer_email", "buyer_username",
        "buyer_id", "product_name", "product_id", "product_price_point", "transaction_full_amount",
        "transaction_base_amount", "transaction_discount", "transaction_tax", "transaction_shipping",
        "transaction_affiliate", "transaction_jv", "transaction_date", "transaction_type",
        "transaction_parent_id", "transaction_subscription_id", "transaction_subscription_pay_number",
        "original_id", "buyer_billing_country", "buyer_billing_state", "buyer_billing_phone_country_code",
        "buyer_billing_phone_number", "buyer_billing_address", "buyer_billing_city", "buyer_billing_zip",
        "vendor_tracking_id_1", "vendor_tracking_id_2", "vendor_tracking_link", "trial_payment",
        "trial_period", "rebill_circle", "payments_left", "shipping_first_name", "shipping_last_name",
        "shipping_address", "shipping_city", "shipping_zip", "shipping_country", "shipping_state",
        "payment_processor_type",
    ];
}

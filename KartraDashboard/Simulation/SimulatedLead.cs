namespace KartraDashboard.Simulation;

/// <summary>
/// A lead as Kartra knows it at one moment. The story generator mutates it (score, GDPR) between
/// pings, so each ping carries the snapshot of its time.
/// </summary>
public sealed class SimulatedLead
{
    public required long Id { get; init; }
    public required string FirstName { get; init; }
    public string MiddleName { get; init; } = "";
    public required string LastName { get; init; }
    public string LastName2 { get; init; } = "";
    public required string Email { get; init; }
    /// <summary>Kartra username, used as buyer_username and as the affiliate name once signed up.</summary>
    public required string Username { get; init; }
    public required Country Country { get; init; }
    public required City City { get; init; }
    public string Address { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Company { get; init; } = "";
    public string Website { get; init; } = "";
    public string Ip { get; init; } = "";
    public string IpCountry { get; init; } = "";
    public string Facebook { get; init; } = "";
    public string Twitter { get; init; } = "";
    public string Linkedin { get; init; } = "";
    public string GooglePlus { get; init; } = "";
    public string SalesTaxId { get; init; } = "";
    public string Picture { get; init; } = "";
    public string Source { get; init; } = "0";
    public long ReferringId { get; init; }
    public int SourceId { get; set; }
    public required DateTime DateJoined { get; init; }

    public int Score { get; set; }
    public int GdprStatus { get; set; }
    public DateTime GdprStatusDate { get; set; }
    /// <summary>Kartra's flag: 0 agreed to be contacted, 1 not.</summary>
    public int GdprCommunications { get; set; }

    public IReadOnlyList<SimulatedCustomField> CustomFields { get; init; } = [];

    /// <summary>Kartra sends many numbers as strings ("id":"1"); some leads' pings do, others not.</summary>
    public bool NumbersAsText { get; init; }

    /// <summary>The tracking link the lead arrived by, credited on its purchases.</summary>
    public CatalogItem? ArrivedBy { get; set; }

    public string FullName => string.Join(' ', new[] { FirstName, MiddleName, LastName, LastName2 }.Where(p => p.Length > 0));
}

/// <summary>
/// A custom field's value: text fields (input_field, text_area) carry <see cref="Text"/>, the
/// others (drop_down, radio_button, checkbox) carry the chosen options.
/// </summary>
public sealed record SimulatedCustomField(int FieldId, string Identifier, string Type, string? Text, IReadOnlyList<CatalogItem> Options)
{
    public bool IsText => Type is CustomFieldTypes.InputField or CustomFieldTypes.TextArea;
}

public static class CustomFieldTypes
{
    public const string InputField = "input_field";
    public const string TextArea = "text_area";
    public const string DropDown = "drop_down";
    public const string RadioButton = "radio_button";
    public const string Checkbox = "checkbox";
}

/// <summary>One transaction_details object: a sale, a refund or partial refund, or a cancellation.</summary>
public sealed record SimulatedTransaction
{
    public required long TransactionId { get; init; }
    public required string Type { get; init; }
    public required SimulatedProduct Product { get; init; }
    public required DateTime Date { get; init; }
    public decimal FullAmount { get; init; }
    public decimal BaseAmount { get; init; }
    public decimal Discount { get; init; }
    public decimal Tax { get; init; }
    public decimal Shipping { get; init; }
    public string Affiliate { get; init; } = "";
    public string Jv { get; init; } = "";
    public long ParentId { get; init; }
    /// <summary>0 when the purchase does not recur.</summary>
    public long SubscriptionId { get; init; }
    public int PayNumber { get; init; } = 1;
    public long OriginalId { get; init; }
    public string VendorTrackingId1 { get; init; } = "";
    public string VendorTrackingId2 { get; init; } = "";
    public string VendorTrackingLink { get; init; } = "";
    public int TrialPayment { get; init; }
    public int TrialPeriod { get; init; }
    public int RebillCircle { get; init; }
    public int PaymentsLeft { get; init; }
    public required string PaymentProcessor { get; init; }
}

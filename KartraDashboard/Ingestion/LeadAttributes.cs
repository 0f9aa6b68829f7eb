using System.Text.Json.Nodes;

namespace KartraDashboard.Ingestion;

/// <summary>
/// The lead fields the dashboard filters, sorts and shows beyond its name and GDPR status, read
/// from the lead object as Kartra sends it.
/// </summary>
public sealed record LeadAttributes
{
    public static readonly LeadAttributes None = new();

    /// <summary>The lead's <c>country</c>, else the country of its IP address.</summary>
    public string? Country { get; init; }
    public string? Source { get; init; }
    /// <summary><c>date_joined</c> read in Kartra's zone; null for 0000-00-00 or none.</summary>
    public DateTimeOffset? DateJoined { get; init; }
    public string? Phone { get; init; }
    public string? Company { get; init; }
    /// <summary>Kartra's <c>blacklisted</c> flag: the lead gets no email.</summary>
    public bool Blacklisted { get; init; }
    /// <summary>Kartra's <c>lead_deleted</c> flag: the lead was deleted in Kartra.</summary>
    public bool Deleted { get; init; }

    public static LeadAttributes Read(JsonObject? lead, TimeZoneInfo kartraZone)
    {
        if (lead is null) return None;
        return new LeadAttributes
        {
            Country = Lenient.Text(lead["country"]) ?? Lenient.Text(lead["ip_country"]),
            Source = Lenient.Text(lead["source"]),
            DateJoined = KartraTime.Parse(Lenient.Text(lead["date_joined"]), kartraZone),
            Phone = Lenient.Text(lead["phone"]),
            Company = Lenient.Text(lead["company"]),
            Blacklisted = Lenient.Int(lead["blacklisted"]) is > 0,
            Deleted = Lenient.Int(lead["lead_deleted"]) is > 0,
        };
    }
}

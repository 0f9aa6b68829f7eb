namespace KartraDashboard.Ingestion;

public sealed class KartraOptions
{
    public const string Section = "Kartra";

    /// <summary>Secret path segment of the webhook URL; empty means generated on first start and kept in the database.</summary>
    public string? WebhookToken { get; set; }

    /// <summary>Zone of Kartra's naive timestamps.</summary>
    public string TimeZone { get; set; } = "America/New_York";
}

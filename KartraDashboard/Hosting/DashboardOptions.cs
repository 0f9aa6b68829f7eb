namespace KartraDashboard.Hosting;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Zone in which days are cut; empty means Kartra's zone.</summary>
    public string? TimeZone { get; set; }

    public string Currency { get; set; } = "USD";

    /// <summary>Password of the admin user; empty means generated on first start, printed once and kept hashed.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Bearer key for scripts; empty means the API accepts only a signed-in browser.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The https address Kartra reaches the dashboard at, behind a reverse proxy.</summary>
    public string? PublicUrl { get; set; }
}

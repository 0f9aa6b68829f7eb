using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Storage;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Alerts;

/// <summary>What alerts say: one line in the dashboard's currency and zone, and a link to the dashboard.</summary>
public sealed class AlertMessages(ZoneSettings zones, IOptions<DashboardOptions> options, LeadReads leads, RevenueReads revenue)
{
    // The pages' own format, made here rather than asked of the container: alerts say amounts and times as the pages show them.
    private readonly DashboardFormat format = new(zones, options);

    /// <summary>"Sale: Coaching Pack, $297.00, Amélie Dupont".</summary>
    public string EventLine(EventItem e, string? product)
    {
        var who = e.LeadName ?? e.LeadEmail;
        var money = e.Amount is { } a ? format.Money(Math.Abs(a)) : null;
        var label = e.Action switch
        {
            "buy_product" => "Sale",
            "refund_product" => "Refund",
            "partial_refund_product" => "Partial refund",
            "cancel_subscription" => "Subscription cancelled",
            _ => null,
        };
        var parts = label is null ? new[] { e.Summary, who } : new[] { $"{label}: {product ?? "(no product)"}", money, who };
        return string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    /// <summary>Where the event is seen on the dashboard: its lead's page, else the timeline.</summary>
    public static string EventLink(string dashboardUrl, EventItem e) =>
        e.LeadId is { } lead ? $"{dashboardUrl}/leads/{Uri.EscapeDataString(lead)}" : $"{dashboardUrl}/timeline";

    public string Silence(int hours, DateTimeOffset since) =>
        $"No ping from Kartra for {hours} hour{(hours == 1 ? "" : "s")} (none since {format.TimeWithZone(since)})";

    public string Resumed(DateTimeOffset now) => $"Pings from Kartra have resumed ({format.TimeWithZone(now)})";

    /// <summary>The day before <paramref name="day"/> (daily), or the Monday to Sunday before it (weekly): sales, refunds, net, new leads, top products.</summary>
    public string Digest(string every, DateOnly day)
    {
        var (first, last) = every == AlertTypes.Week ? (day.AddDays(-7), day.AddDays(-1)) : (day.AddDays(-1), day.AddDays(-1));
        var report = revenue.Report(Days.Start(first, format.Zone), Days.End(last, format.Zone), format.Currency);
        var newLeads = leads.CountNew(first, last);
        var period = first == last ? first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : $"{first:yyyy-MM-dd} to {last:yyyy-MM-dd}";
        var top = report.ByProduct.Where(p => p.Key != RevenueLine.RestKey).OrderByDescending(p => p.Net).Take(3)
            .Select(p => $"{p.Name} {format.Money(p.Net)}").ToList();
        return $"{(every == AlertTypes.Week ? "Weekly" : "Daily")} digest {period}: sales {report.Sales.Count} ({format.Money(report.Sales.Amount)}), " +
               $"refunds {report.Refunds.Count} ({format.Money(report.Refunds.Amount)}), net {format.Money(report.Net)}, new leads {newLeads}" +
               (top.Count > 0 ? $"; top products: {string.Join(", ", top)}" : "");
    }

    public static string Test(string ruleName) => $"Test alert from KartraDashboard for rule \"{ruleName}\"";
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Simulation;
using KartraDashboard.Tests.Money;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Simulation;

public class SimulatorSubscriptionTests
{
    [Fact]
    [Trait("Category", "Fast")]
    public void The_stories_tell_every_fate_of_a_subscription()
    {
        var pings = new StoryGenerator(3, new DateTime(2026, 2, 1, 9, 0, 0)).Take(20_000);
        var sent = SentTotals.Of(pings).SubscriptionSummary;
        Assert.True(sent.Active > 0 && sent.Trialing > 0 && sent.Overdue > 0 && sent.Lapsed > 0 && sent.Cancelled > 0 && sent.Completed > 0, $"sent: {sent}");
        Assert.True(sent.Mrr > 0);
        var facts = pings.Select(p => p.Subscription).OfType<SentSubscriptionFact>().ToList();
        // Rebills a whole interval apart with pay numbers rising, yearly plans, trials, and Kartra's 9999 and 0.
        Assert.Contains(facts, f => f.PayNumber >= 3 && f.RebillCircle == 30);
        Assert.Contains(facts, f => f.RebillCircle == 365);
        Assert.Contains(facts, f => f.TrialPayment && f.TrialPeriod == 14);
        Assert.Contains(facts, f => f.Type == "sale" && f.PaymentsLeft == 9999);
        Assert.Contains(facts, f => f.Type == "sale" && f.PaymentsLeft == 0);
        Assert.Contains(facts, f => f.Type == "refund");
        var bySubscription = facts.Where(f => f.Type == "sale").GroupBy(f => f.SubscriptionId).Where(g => g.Count() >= 3).First().OrderBy(f => f.PayNumber).ToList();
        Assert.True(bySubscription[2].Date - bySubscription[1].Date >= TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task A_runs_own_subscription_totals_equal_what_the_dashboard_shows_at_the_same_moment()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var app = new TestApp(services: s => s.AddSingleton<TimeProvider>(clock));
        var settings = new SimulationSettings
        {
            WebhookUrl = new Uri(app.WebhookUrl),
            Rate = 0,
            Concurrency = 8,
            Count = 1500,
            Seed = 11,
            Start = new DateTime(2026, 2, 1, 9, 0, 0),
        };
        var report = await new Simulator().RunAsync(settings, progress: null, CancellationToken.None);
        Assert.True(report.AllAccepted, $"rejected {report.Rejected}, failed {report.Failed}");
        var sent = report.SentTotals.SubscriptionSummary;
        // The run's figures are as of its latest Kartra date: the dashboard's clock is set to that moment.
        var kartraZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        clock.Now = KartraDashboard.Time.Days.Instant(report.SentTotals.SubscriptionsAsOf!.Value, kartraZone);

        using var api = app.Api();
        var summary = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions"))!["summary"]!;
        Assert.True(sent.Active > 0 && sent.Lapsed > 0 && sent.Cancelled > 0, $"sent: {sent}");
        Assert.Equal(sent.Active, (long)summary["active"]!);
        Assert.Equal(sent.Trialing, (long)summary["trialing"]!);
        Assert.Equal(sent.Overdue, (long)summary["overdue"]!);
        Assert.Equal(sent.Lapsed, (long)summary["lapsed"]!);
        Assert.Equal(sent.Cancelled, (long)summary["cancelled"]!);
        Assert.Equal(sent.Completed, (long)summary["completed"]!);
        Assert.Equal(sent.Mrr, (decimal)summary["mrr"]!);

        // Refunds name their sale through transaction_parent_id.
        var refund = (await api.GetFromJsonAsync<JsonObject>("/api/transactions?type=refund&take=1"))!["items"]!.AsArray().Single()!;
        var detail = (await api.GetFromJsonAsync<JsonObject>($"/api/transactions/{(string)refund["transactionId"]!}"))!;
        Assert.Equal((string?)refund["fields"]!["transaction_parent_id"], (string?)detail["sale"]!["transactionId"]);
    }
}

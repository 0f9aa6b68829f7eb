using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using static KartraDashboard.Tests.Money.MoneyPings;

namespace KartraDashboard.Tests.Money;

public class SubscriptionApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A host whose clock the test holds, reading Kartra's dates as UTC so that the dates below are plain.</summary>
    private static TestApp Host(TestClock clock, string? folder = null) =>
        new(new() { ["Kartra:TimeZone"] = "UTC", ["Dashboard:TimeZone"] = "UTC" }, folder, services: s => s.AddSingleton<TimeProvider>(clock));

    private static string DaysAgo(double days) => Now.AddDays(-days).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task PostAllAsync(TestApp app, params JsonObject[] pings)
    {
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static JsonObject Item(JsonObject page, string id) =>
        page["items"]!.AsArray().Single(i => (string?)i!["subscriptionId"] == id)!.AsObject();

    [Fact]
    public async Task Each_status_rule_is_read_with_the_hosts_clock_at_its_boundary()
    {
        var clock = new TestClock(Now);
        await using var app = Host(clock);
        await PostAllAsync(app,
            Payment("1", 11, 1, 1, 30m, DaysAgo(32)),                   // due 2 days ago: active
            Payment("2", 21, 2, 1, 30m, DaysAgo(34)),                   // due 4 days ago: overdue
            Payment("3", 31, 3, 1, 30m, DaysAgo(61)),                   // due 31 days ago: lapsed
            Payment("4", 41, 4, 1, 0m, DaysAgo(10), rebillCircle: 14, trial: 1, trialPeriod: 14), // inside its trial
            Payment("5", 51, 5, 1, 0m, DaysAgo(20), rebillCircle: 30, trial: 1, trialPeriod: 14), // past its trial, next payment ahead
            Payment("6", 61, 6, 3, 30m, DaysAgo(5), paymentsLeft: 9999),  // cancelled by customer
            Payment("7", 71, 7, 12, 30m, DaysAgo(5), paymentsLeft: 0),    // plan completed
            Payment("8", 81, 8, 0, 30m, DaysAgo(40)),                     // pay number 0 is an initial payment...
            Payment("8", 82, 8, 2, 30m, DaysAgo(10)),                     // ...and the rebill is the latest payment
            Cancel("9", 91, 9, DaysAgo(12)),                              // a cancellation arrives before a rebill
            Payment("9", 92, 9, 2, 30m, DaysAgo(10)),
            Payment("10", 101, 10, 1, 30m, DaysAgo(10)),                  // a cancellation after its payment
            Cancel("10", 102, 10, DaysAgo(5)));

        using var api = app.Api();
        var page = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions?take=500"))!;
        Assert.Equal(10, (int)page["total"]!);
        var expected = new Dictionary<string, string>
        {
            ["1"] = "active", ["2"] = "overdue", ["3"] = "lapsed", ["4"] = "trialing", ["5"] = "active",
            ["6"] = "cancelled", ["7"] = "completed", ["8"] = "active", ["9"] = "cancelled", ["10"] = "cancelled",
        };
        foreach (var (id, status) in expected) Assert.True(status == (string?)Item(page, id)["status"], $"subscription {id}: expected {status}, got {Item(page, id)["status"]}");

        var summary = page["summary"]!;
        Assert.Equal(3, (int)summary["active"]!);
        Assert.Equal(1, (int)summary["trialing"]!);
        Assert.Equal(1, (int)summary["overdue"]!);
        Assert.Equal(1, (int)summary["lapsed"]!);
        Assert.Equal(3, (int)summary["cancelled"]!);
        Assert.Equal(1, (int)summary["completed"]!);
        // Subscriptions 1, 2 and 8 at 30.00 a month; 5's trial payment was 0.
        Assert.Equal(90.00m, (decimal)summary["mrr"]!);

        var eight = Item(page, "8");
        Assert.Equal(2, (int)eight["payments"]!);
        Assert.Equal(60.00m, (decimal)eight["paid"]!);
        Assert.Equal(30, (int)eight["intervalDays"]!);
        Assert.Equal(Now.AddDays(-40), DateTimeOffset.Parse((string)eight["started"]!, CultureInfo.InvariantCulture));
        Assert.Equal(Now.AddDays(20), DateTimeOffset.Parse((string)eight["nextPaymentDue"]!, CultureInfo.InvariantCulture));
        Assert.Equal(Now.AddDays(-5), DateTimeOffset.Parse((string)Item(page, "10")["cancelledAt"]!, CultureInfo.InvariantCulture));
        Assert.True((bool)Item(page, "4")["trial"]!);

        // The clock moves and so do the statuses, with no ping: the trial ends, 1 becomes overdue.
        clock.Now = Now.AddDays(5);
        page = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions?take=500"))!;
        Assert.Equal("overdue", (string?)Item(page, "1")["status"]);
        Assert.Equal("active", (string?)Item(page, "4")["status"]);
        Assert.Equal(0, (int)page["summary"]!["trialing"]!);

        // Pay number 0 and 1 are initial payments, 2 or more rebills (those of 6, 7, 8 and 9).
        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(4, (int)revenue["rebills"]!["count"]!);
        Assert.Equal(120.00m, (decimal)revenue["rebills"]!["amount"]!);
        Assert.Equal(7, (int)revenue["initial"]!["count"]!);
        Assert.Equal(150.00m, (decimal)revenue["initial"]!["amount"]!); // 1, 2, 3, 8 and 10 at 30.00; the trials at 0
    }

    [Fact]
    public async Task Mrr_adds_monthly_yearly_and_weekly_plans_to_the_cent_and_a_duplicate_rebill_counts_once()
    {
        var clock = new TestClock(Now);
        await using var app = Host(clock);
        var rebill = Payment("1", 12, 1, 2, 107.25m, DaysAgo(1), rebillCircle: 30, tax: 7.25m);
        await PostAllAsync(app,
            Payment("1", 11, 1, 1, 107.25m, DaysAgo(31), rebillCircle: 30, tax: 7.25m),
            rebill,
            Payment("2", 21, 2, 1, 1306.00m, DaysAgo(1), rebillCircle: 365, tax: 96.00m, shipping: 10.00m, product: "Yearly", productId: "44"),
            Payment("3", 31, 3, 1, 25.99m, DaysAgo(1), rebillCircle: 7, tax: 2.00m, shipping: 1.00m, product: "Weekly", productId: "45"));
        using (var again = await app.PostAsync(rebill.ToJsonString()))
            Assert.True((bool)(await again.Content.ReadFromJsonAsync<JsonObject>())!["duplicate"]!);

        using var api = app.Api();
        var page = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions"))!;
        // By hand: (107.25 - 7.25) x 30 / 30 = 100.00; (1306 - 96 - 10) x 30 / 365 = 98.6301... = 98.63;
        // (25.99 - 2.00 - 1.00) x 30 / 7 = 98.5285... = 98.53. Their sum: 297.16.
        Assert.Equal(100.00m, (decimal)Item(page, "1")["mrr"]!);
        Assert.Equal(98.63m, (decimal)Item(page, "2")["mrr"]!);
        Assert.Equal(98.53m, (decimal)Item(page, "3")["mrr"]!);
        Assert.Equal(297.16m, (decimal)page["summary"]!["mrr"]!);
        // The rebill sent twice counts once.
        Assert.Equal(2, (int)Item(page, "1")["payments"]!);
        Assert.Equal(214.50m, (decimal)Item(page, "1")["paid"]!);
        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(1, (int)revenue["rebills"]!["count"]!);
        Assert.Equal(107.25m, (decimal)revenue["rebills"]!["amount"]!);
    }

    [Fact]
    public async Task The_list_is_filtered_by_status_and_product_and_paged_by_cursor_newest_start_first()
    {
        var clock = new TestClock(Now);
        await using var app = Host(clock);
        for (var i = 1; i <= 5; i++) await PostAllAsync(app, Payment($"{i}", i * 10, i, 1, 10m, DaysAgo(10 - i), product: i % 2 == 0 ? "Gold Club" : "Coaching", productId: i % 2 == 0 ? "50" : "43"));
        await PostAllAsync(app, Cancel("5", 99, 5, DaysAgo(1)));

        using var api = app.Api();
        var first = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions?status=active&take=2"))!;
        Assert.Equal(4, (int)first["total"]!);
        Assert.Equal(["4", "3"], first["items"]!.AsArray().Select(i => (string)i!["subscriptionId"]!));
        var next = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions?status=active&take=2&before=3"))!;
        Assert.Equal(4, (int)next["total"]!);
        Assert.Equal(["2", "1"], next["items"]!.AsArray().Select(i => (string)i!["subscriptionId"]!));
        // The summary counts every subscription, whatever the filters.
        Assert.Equal(1, (int)next["summary"]!["cancelled"]!);

        var gold = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions?product=gold"))!;
        Assert.Equal(["4", "2"], gold["items"]!.AsArray().Select(i => (string)i!["subscriptionId"]!));
        var byId = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions?product=43&status=cancelled"))!;
        Assert.Equal(["5"], byId["items"]!.AsArray().Select(i => (string)i!["subscriptionId"]!));

        using var bad = await api.GetAsync("/api/subscriptions?status=paused");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status", await bad.Content.ReadAsStringAsync());
        using var badCursor = await api.GetAsync("/api/subscriptions?before=nope");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        using var badTake = await api.GetAsync("/api/subscriptions?take=501");
        Assert.Equal(HttpStatusCode.BadRequest, badTake.StatusCode);
        using var anonymous = await app.CreateClient().GetAsync("/api/subscriptions");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_restart_keeps_subscriptions_and_the_revenue_split()
    {
        var clock = new TestClock(Now);
        var app = Host(clock);
        await PostAllAsync(app,
            Payment("1", 11, 1, 1, 50m, DaysAgo(35), tax: 5m),
            Payment("1", 12, 1, 2, 50m, DaysAgo(5), tax: 5m),
            Payment("2", 21, 2, 1, 20m, DaysAgo(5), paymentsLeft: 0),
            TestPings.Sale("3", 31, 15m, DaysAgo(2)),
            MoneyPings.RefundOf("3", 32, 31, 15m, DaysAgo(1)));
        using var before = app.Api();
        var subscriptions = await before.GetStringAsync("/api/subscriptions");
        var revenue = await before.GetStringAsync("/api/revenue");
        app = await app.Restart();
        await using (app)
        {
            using var api = app.Api();
            Assert.Equal(subscriptions, await api.GetStringAsync("/api/subscriptions"));
            Assert.Equal(revenue, await api.GetStringAsync("/api/revenue"));
            var r = JsonNode.Parse(revenue)!;
            Assert.Equal(3, (int)r["initial"]!["count"]!);
            Assert.Equal(1, (int)r["rebills"]!["count"]!);
            Assert.Equal(0.25m, (decimal)r["refundRate"]!);
            Assert.Equal(3, (int)r["customers"]!);
            Assert.Equal(33.75m, (decimal)r["averageOrder"]!); // (50 + 50 + 20 + 15) / 4
            var s = JsonNode.Parse(subscriptions)!["summary"]!;
            Assert.Equal(1, (int)s["active"]!);
            Assert.Equal(1, (int)s["completed"]!);
            Assert.Equal(45.00m, (decimal)s["mrr"]!);
        }
    }
}

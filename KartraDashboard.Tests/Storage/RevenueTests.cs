using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Storage;

public class RevenueTests
{
    private static async Task PostAllAsync(TestApp app, params JsonObject[] pings)
    {
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Sales_refunds_of_either_sign_and_net_add_up_to_the_cent()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            TestPings.Sale("1", 100, 100.00m, tax: 8.25m, shipping: 5.00m, product: "Course A", productId: "1"),
            TestPings.Sale("2", 101, 49.99m, tax: 0.01m, product: "Course B", productId: "2", processor: "PayPal"),
            // Kartra does not document the sign of a refund: both count as money going out.
            TestPings.Refund("1", 102, -20.00m, product: "Course A", productId: "1"),
            TestPings.Refund("2", 103, 5.50m, partial: true, product: "Course B", productId: "2", processor: "PayPal"),
            TestPings.From("cancel_subscription").Lead("2").Transaction(("transaction_id", 104), ("transaction_date", "2026-03-12 09:00:00")));

        using var api = app.Api();
        var r = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        // Worked out by hand: sales 100.00 + 49.99; refunds 20.00 + 5.50.
        Assert.Equal("USD", (string?)r["currency"]);
        Assert.Equal(2, (int)r["sales"]!["count"]!);
        Assert.Equal(149.99m, (decimal)r["sales"]!["amount"]!);
        Assert.Equal(2, (int)r["refunds"]!["count"]!);
        Assert.Equal(25.50m, (decimal)r["refunds"]!["amount"]!);
        Assert.Equal(124.49m, (decimal)r["net"]!);
        Assert.Equal(8.26m, (decimal)r["tax"]!);
        Assert.Equal(5.00m, (decimal)r["shipping"]!);
        Assert.Equal(1, (int)r["cancellations"]!);

        var courseA = r["byProduct"]!.AsArray().Single(p => (string?)p!["name"] == "Course A")!;
        Assert.Equal(100.00m, (decimal)courseA["sales"]!);
        Assert.Equal(20.00m, (decimal)courseA["refunds"]!);
        Assert.Equal(80.00m, (decimal)courseA["net"]!);
        var paypal = r["byProcessor"]!.AsArray().Single(p => (string?)p!["name"] == "PayPal")!;
        Assert.Equal(49.99m - 5.50m, (decimal)paypal["net"]!);

        var lead1 = (await api.GetFromJsonAsync<JsonObject>("/api/leads/1"))!;
        Assert.Equal(100.00m, (decimal)lead1["spent"]!);
        Assert.Equal(20.00m, (decimal)lead1["refunded"]!);
    }

    [Fact]
    public async Task Days_are_cut_in_the_dashboard_zone_from_kartras_transaction_date()
    {
        // Kartra's clock is New York; the dashboard counts days in Berlin (6 hours ahead in March... before US DST: 2026-03-05).
        await using var app = new TestApp(new() { ["Dashboard:TimeZone"] = "Europe/Berlin" });
        await PostAllAsync(app,
            TestPings.Sale("1", 1, 10m, date: "2026-03-05 17:59:00"),  // 23:59 in Berlin: the 5th
            TestPings.Sale("1", 2, 20m, date: "2026-03-05 18:01:00"),  // 00:01 in Berlin: the 6th
            TestPings.Sale("1", 3, 40m, date: "2026-03-06 12:00:00"));
        using var api = app.Api();

        var all = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        var days = all["byDay"]!.AsArray().ToDictionary(d => (string)d!["date"]!, d => (decimal)d!["sales"]!);
        Assert.Equal(new Dictionary<string, decimal> { ["2026-03-05"] = 10m, ["2026-03-06"] = 60m }, days);

        var sixth = (await api.GetFromJsonAsync<JsonObject>("/api/revenue?from=2026-03-06&to=2026-03-06"))!;
        Assert.Equal(60m, (decimal)sixth["sales"]!["amount"]!);
        var fifth = (await api.GetFromJsonAsync<JsonObject>("/api/revenue?to=2026-03-05"))!;
        Assert.Equal(10m, (decimal)fifth["sales"]!["amount"]!);
    }

    [Fact]
    public async Task Changing_the_dashboard_zone_cuts_the_kept_days_again()
    {
        var app = new TestApp();
        await PostAllAsync(app,
            TestPings.Sale("1", 1, 10m, date: "2026-03-05 17:59:00"),
            TestPings.Sale("2", 2, 20m, date: "2026-03-05 18:01:00"));
        using (var api = app.Api())
        {
            var newYork = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!["byDay"]!.AsArray();
            Assert.Equal(["2026-03-05"], newYork.Select(d => (string)d!["date"]!));
        }

        // In Berlin the second sale falls on the 6th.
        app = await app.Restart(new() { ["Dashboard:TimeZone"] = "Europe/Berlin" });
        await using var _ = app;
        using var berlin = app.Api();
        var days = (await berlin.GetFromJsonAsync<JsonObject>("/api/revenue"))!["byDay"]!.AsArray()
            .ToDictionary(d => (string)d!["date"]!, d => (decimal)d!["sales"]!);
        Assert.Equal(new Dictionary<string, decimal> { ["2026-03-05"] = 10m, ["2026-03-06"] = 20m }, days);
        Assert.Equal(20m, (decimal)(await berlin.GetFromJsonAsync<JsonObject>("/api/revenue?from=2026-03-06&to=2026-03-06"))!["sales"]!["amount"]!);
        Assert.Equal(1, (int)(await berlin.GetFromJsonAsync<JsonObject>("/api/transactions?from=2026-03-06&to=2026-03-06"))!["total"]!);
    }

    [Fact]
    public async Task Date_time_bounds_inside_a_day_count_only_that_part_of_the_day()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            TestPings.Sale("1", 1, 1m, date: "2026-04-01 08:00:00"),
            TestPings.Sale("1", 2, 2m, date: "2026-04-01 13:00:00"),
            TestPings.Sale("1", 3, 4m, date: "2026-04-02 09:00:00"),
            TestPings.Sale("1", 4, 8m, date: "2026-04-03 18:00:00"),
            TestPings.Sale("1", 5, 16m, date: "2026-04-04 18:00:00"));
        using var api = app.Api();
        async Task<decimal> Sales(string query) => (decimal)(await api.GetFromJsonAsync<JsonObject>("/api/revenue?" + query))!["sales"]!["amount"]!;

        Assert.Equal(2m + 4m + 8m, await Sales("from=2026-04-01T12:00&to=2026-04-03T20:00"));
        Assert.Equal(2m, await Sales("from=2026-04-01T12:00&to=2026-04-01T14:00"));
        Assert.Equal(1m + 2m + 4m, await Sales("to=2026-04-02T09:00:00"));
        // 13:00 in New York is 17:00 UTC.
        Assert.Equal(2m + 4m + 8m + 16m, await Sales("from=" + Uri.EscapeDataString("2026-04-01T17:00:00Z")));
    }

    [Fact]
    public async Task A_ping_without_a_transaction_date_is_dated_by_its_arrival()
    {
        await using var app = new TestApp();
        await PostAllAsync(app, TestPings.Sale("1", 1, 12.34m, date: "0000-00-00 00:00:00"));
        using var api = app.Api();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime).ToString("yyyy-MM-dd");
        var r = (await api.GetFromJsonAsync<JsonObject>($"/api/revenue?from={today}&to={today}"))!;
        Assert.Equal(12.34m, (decimal)r["sales"]!["amount"]!);
    }
    [Fact]
    public async Task All_time_revenue_kept_in_memory_equals_a_range_that_covers_everything_and_survives_a_restart()
    {
        var app = new TestApp();
        try
        {
            await PostAllAsync(app,
                TestPings.Sale("1", 200, 100.00m, date: "2026-03-01 10:00:00", product: "Course A", productId: "1"),
                TestPings.Sale("2", 201, 49.99m, date: "2026-03-02 23:30:00", product: "Course B", productId: "2"),
                TestPings.Sale("2", 201, 49.99m, date: "2026-03-02 23:30:00", product: "Course B", productId: "2"),
                TestPings.Refund("1", 202, 20.00m, date: "2026-03-05 08:00:00", product: "Course A", productId: "1"),
                TestPings.From("cancel_subscription").Lead("2").Transaction(("transaction_id", 203), ("transaction_date", "2026-03-06 09:00:00")));
            for (var round = 0; round < 2; round++)
            {
                using var api = app.Api();
                var all = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
                var range = (await api.GetFromJsonAsync<JsonObject>("/api/revenue?from=2000-01-01&to=2100-12-31"))!;
                Assert.Equal(range.ToJsonString(), all.ToJsonString());
                Assert.Equal(129.99m, (decimal)all["net"]!);
                Assert.Equal(4, all["byDay"]!.AsArray().Count); // the cancellation's day counts too

                var transactions = (await api.GetFromJsonAsync<JsonObject>("/api/transactions"))!;
                Assert.Equal(4, (int)transactions["total"]!);
                Assert.Equal(transactions["total"]!.ToJsonString(), (await api.GetFromJsonAsync<JsonObject>("/api/transactions?from=2000-01-01"))!["total"]!.ToJsonString());
                Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/transactions?type=sale"))!["total"]!);
                app = await app.Restart();
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_report_lists_the_hundred_best_products_and_sums_the_others_in_one_line()
    {
        await using var app = new TestApp();
        const int products = 130;
        await Parallel.ForEachAsync(Enumerable.Range(1, products), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            (await app.PostAsync(TestPings.Sale(i.ToString(), 300 + i, i, product: $"Product {i}", productId: i.ToString()).ToJsonString())).EnsureSuccessStatusCode());
        using var api = app.Api();
        var r = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        var lines = r["byProduct"]!.AsArray().Select(l => l!).ToList();

        Assert.Equal(KartraDashboard.Storage.RevenueTally.MaxLines + 1, lines.Count);
        // The best first: products 130 down to 31, then the 30 others (1 to 30) in one line.
        Assert.Equal(Enumerable.Range(31, 100).Reverse().Select(i => i.ToString()), lines.Take(100).Select(l => (string?)l["id"]));
        var others = lines[^1];
        Assert.Equal(30, (int)others["rest"]!);
        Assert.Equal(Enumerable.Range(1, 30).Sum(), (decimal)others["sales"]!);
        Assert.Equal(30, (int)others["salesCount"]!);
        Assert.Equal((decimal)r["sales"]!["amount"]!, lines.Sum(l => (decimal)l["sales"]!));
    }
    [Fact]
    public async Task An_absurd_amount_is_kept_and_counted_nowhere_and_blocks_no_later_ping_or_read()
    {
        var app = new TestApp();
        try
        {
            using (var huge = await app.PostAsync(TestPings.Sale("1", 500, decimal.MaxValue, date: "2026-03-10 09:00:00").ToJsonString()))
                huge.EnsureSuccessStatusCode();
            await PostAllAsync(app,
                TestPings.Sale("1", 501, 10.00m, date: "2026-03-10 10:00:00"),
                TestPings.Sale("2", 502, 20.00m, date: "2026-03-10 11:00:00"),
                TestPings.Refund("1", 503, -2_000_000_000m, date: "2026-03-10 12:00:00"),
                TestPings.From("assign_tag").Lead("3", gdpr: 9));
            for (var round = 0; round < 2; round++)
            {
                using var api = app.Api();
                foreach (var route in new[] { "/api/revenue", "/api/revenue?from=2026-03-10&to=2026-03-10", "/api/transactions", "/api/transactions.csv",
                             "/api/events", "/api/leads", "/api/leads/1", "/api/gdpr", "/healthz" })
                    Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync(route)).StatusCode);

                foreach (var range in new[] { "", "?from=2026-03-10&to=2026-03-10" })
                {
                    var r = (await api.GetFromJsonAsync<JsonObject>("/api/revenue" + range))!;
                    Assert.Equal(2, (int)r["sales"]!["count"]!);
                    Assert.Equal(30.00m, (decimal)r["sales"]!["amount"]!);
                    Assert.Equal(0, (int)r["refunds"]!["count"]!);
                }
                Assert.Equal(10.00m, (decimal)(await api.GetFromJsonAsync<JsonObject>("/api/leads/1"))!["spent"]!);
                Assert.Equal(0m, (decimal)(await api.GetFromJsonAsync<JsonObject>("/api/leads/1"))!["refunded"]!);
                // Kept and listed as sent, flagged.
                Assert.Equal(4, (int)(await api.GetFromJsonAsync<JsonObject>("/api/transactions"))!["total"]!);
                var events = (await api.GetFromJsonAsync<JsonObject>("/api/events?action=buy_product,refund_product"))!["items"]!.AsArray();
                Assert.Equal([true, false, false, true], events.Select(e => (bool?)e!["amountRejected"] ?? false).Reverse());
                Assert.All(events.Where(e => (bool?)e!["amountRejected"] == true), e => Assert.Null(e!["amount"]));
                // A GDPR status Kartra does not document counts with the leads that have none.
                Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/gdpr"))!["noStatus"]!);
                app = await app.Restart();
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

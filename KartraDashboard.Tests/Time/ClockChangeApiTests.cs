using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Time;

/// <summary>
/// A wall-clock time in the API's <c>from</c>/<c>to</c> and the same wall-clock time in Kartra's
/// <c>transaction_date</c> name the same instant, also on the nights the clocks change.
/// </summary>
public class ClockChangeApiTests
{
    private static TestApp NewYorkApp() =>
        new(new() { ["Kartra:TimeZone"] = "America/New_York", ["Dashboard:TimeZone"] = "America/New_York" });

    private static async Task PostAllAsync(TestApp app, params JsonObject[] pings)
    {
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<List<string?>> TransactionIds(HttpClient api, string query)
    {
        var list = (await api.GetFromJsonAsync<JsonObject>("/api/transactions?" + query))!;
        var ids = list["items"]!.AsArray().Select(t => (string?)t!["transactionId"]).Order().ToList();
        Assert.Equal(ids.Count, (int)list["total"]!);
        return ids;
    }

    [Fact]
    public async Task A_sale_dated_in_the_spring_gap_is_found_by_the_same_wall_clock_time_in_from_and_to()
    {
        await using var app = NewYorkApp();
        await PostAllAsync(app,
            TestPings.Sale("1", 1, 10m, date: "2024-03-10 01:59:00"),   // 06:59Z, EST
            TestPings.Sale("2", 2, 20m, date: "2024-03-10 02:30:00"),   // skipped: 03:30 EDT, 07:30Z
            TestPings.Sale("3", 3, 40m, date: "2024-03-10 03:31:00"));  // 07:31Z, EDT
        using var api = app.Api();

        Assert.Equal(["2"], await TransactionIds(api, "from=2024-03-10T02:30&to=2024-03-10T02:30"));
        // 02:30 moved on by the gap's length is 03:30: the same instant.
        Assert.Equal(["2"], await TransactionIds(api, "from=2024-03-10T03:30&to=2024-03-10T03:30"));
        Assert.Equal(["1"], await TransactionIds(api, "to=2024-03-10T02:29"));

        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue?from=2024-03-10T02:30&to=2024-03-10T03:30"))!;
        Assert.Equal(1, (int)revenue["sales"]!["count"]!);
        Assert.Equal(20m, (decimal)revenue["sales"]!["amount"]!);
        // The 23-hour day holds all three.
        var day = (await api.GetFromJsonAsync<JsonObject>("/api/revenue?from=2024-03-10&to=2024-03-10"))!;
        Assert.Equal(70m, (decimal)day["sales"]!["amount"]!);
    }

    [Fact]
    public async Task A_sale_dated_in_the_autumn_overlap_is_the_first_of_the_two_times_in_both()
    {
        await using var app = NewYorkApp();
        await PostAllAsync(app,
            TestPings.Sale("1", 1, 10m, date: "2024-11-03 01:30:00"),   // happens twice: the first, EDT, 05:30Z
            TestPings.Sale("2", 2, 20m, date: "2024-11-03 02:00:00"));  // EST, 07:00Z
        using var api = app.Api();

        Assert.Equal(["1"], await TransactionIds(api, "from=2024-11-03T01:30&to=2024-11-03T01:30"));
        Assert.Equal(["1"], await TransactionIds(api, "from=2024-11-03T05:30Z&to=2024-11-03T05:30Z"));
        Assert.Equal(["2"], await TransactionIds(api, "from=2024-11-03T01:31"));
    }
}

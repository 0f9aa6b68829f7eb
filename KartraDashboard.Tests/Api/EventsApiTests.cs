using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Api;

public class EventsApiTests
{
    private static async Task<List<string>> PostAllAsync(TestApp app, params JsonObject[] pings)
    {
        var ids = new List<string>();
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
            ids.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }
        return ids;
    }

    [Fact]
    public async Task Without_a_key_or_cookie_the_api_answers_401()
    {
        await using var app = new TestApp();
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/events")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-key-wrong-key-wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Filters_by_action_and_lead_narrow_the_list_and_its_total()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            TestPings.From("assign_tag").Lead("1", "ann@example.com", "Ann"),
            TestPings.From("assign_tag").Lead("2", "bob@example.com", "Bob"),
            TestPings.From("list_subscription").Lead("1", "ann@example.com", "Ann"),
            TestPings.From("video_play").Lead("3", "carla@shop.example", "Carla"),
            TestPings.From("assign_tag").Lead("3", "carla@shop.example", "Carla"));
        using var api = app.Api();

        var tags = await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag");
        Assert.Equal(3, (int)tags!["total"]!);
        var two = await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag,video_play");
        Assert.Equal(4, (int)two!["total"]!);
        var lead = await api.GetFromJsonAsync<JsonObject>("/api/events?lead=1");
        Assert.Equal(2, (int)lead!["total"]!);
        var byEmailPart = await api.GetFromJsonAsync<JsonObject>("/api/events?lead=SHOP.example");
        Assert.Equal(2, (int)byEmailPart!["total"]!);
        var byNamePart = await api.GetFromJsonAsync<JsonObject>("/api/events?lead=bo&action=assign_tag");
        Assert.Equal(1, (int)byNamePart!["total"]!);
        Assert.Equal("2", (string?)byNamePart["items"]![0]!["leadId"]);
        var none = await api.GetFromJsonAsync<JsonObject>("/api/events?lead=nobody");
        Assert.Equal(0, (int)none!["total"]!);
    }

    [Fact]
    public async Task Cursor_pages_walk_back_through_all_events_and_keep_the_full_total()
    {
        await using var app = new TestApp();
        var ids = await PostAllAsync(app, Enumerable.Range(1, 12).Select(i => TestPings.From("assign_tag").Lead(i.ToString())).ToArray());
        using var api = app.Api();

        var seen = new List<string>();
        string? before = null;
        while (true)
        {
            var page = await api.GetFromJsonAsync<JsonObject>("/api/events?take=5" + (before is null ? "" : "&before=" + before));
            Assert.Equal(12, (int)page!["total"]!);
            var items = page["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
            if (items.Count == 0) break;
            seen.AddRange(items);
            before = items[^1];
        }
        ids.Reverse();
        Assert.Equal(ids, seen);

        var skipped = await api.GetFromJsonAsync<JsonObject>("/api/events?skip=10&take=5");
        Assert.Equal(ids.Skip(10), skipped!["items"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Cursor_paging_by_action_matches_the_filtered_order()
    {
        await using var app = new TestApp();
        var pings = Enumerable.Range(1, 9).Select(i => TestPings.From(i % 3 == 0 ? "video_play" : "assign_tag").Lead(i.ToString())).ToArray();
        var ids = await PostAllAsync(app, pings);
        var tagIds = ids.Where((_, i) => (i + 1) % 3 != 0).Reverse().ToList();
        using var api = app.Api();
        var first = await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag&take=4");
        var second = await api.GetFromJsonAsync<JsonObject>($"/api/events?action=assign_tag&take=4&before={(string)first!["items"]![3]!["id"]!}");
        Assert.Equal(6, (int)second!["total"]!);
        Assert.Equal(tagIds, first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Date_filters_read_bare_dates_as_whole_days_in_the_dashboard_zone()
    {
        await using var app = new TestApp();
        await PostAllAsync(app, TestPings.From("assign_tag").Lead("1"));
        using var api = app.Api();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        string D(DateOnly d) => d.ToString("yyyy-MM-dd");

        Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>($"/api/events?from={D(today)}&to={D(today)}"))!["total"]!);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>($"/api/events?to={D(today.AddDays(-1))}"))!["total"]!);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>($"/api/events?from={D(today.AddDays(1))}"))!["total"]!);
        var utcNow = DateTimeOffset.UtcNow;
        Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>(
            $"/api/events?from={Uri.EscapeDataString(utcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssK"))}"))!["total"]!);
    }

    [Theory]
    [InlineData("/api/events?from=yesterday")]
    [InlineData("/api/events?to=2026-13-45")]
    [InlineData("/api/events?take=501")]
    [InlineData("/api/events?take=0")]
    [InlineData("/api/events?skip=-1")]
    [InlineData("/api/events?before=abc")]
    [InlineData("/api/events?from=2026-02-02&to=2026-02-01")]
    [InlineData("/api/leads?gdpr=6")]
    [InlineData("/api/revenue?from=soon")]
    [InlineData("/api/transactions?type=gift")]
    [InlineData("/api/transactions.csv?to=never")]
    [InlineData("/api/events?to=9999-12-31")]
    [InlineData("/api/revenue?to=0001-01-01T00:00")]
    [InlineData("/api/revenue?from=0001-01-01T00:00:00Z")]
    public async Task Bad_parameters_get_400_with_a_reason(string url)
    {
        await using var app = new TestApp();
        using var api = app.Api();
        using var response = await api.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem!["detail"]));
    }

    [Fact]
    public async Task Dates_long_ago_are_read_in_the_zone_of_their_time()
    {
        await using var app = new TestApp();
        using var api = app.Api();
        // New York kept its local mean time (offset -4:56:02) until 1883; a range from then still answers.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/events?from=1850-01-01&to=1850-01-02")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/revenue?from=1850-01-01T10:00")).StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_get_404()
    {
        await using var app = new TestApp();
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/events/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/events/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/leads/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/quarantine/3")).StatusCode);
    }

    [Fact]
    public async Task Amount_is_positive_for_a_sale_and_negative_for_a_refund_whatever_sign_kartra_sent()
    {
        await using var app = new TestApp();
        await PostAllAsync(app,
            TestPings.Sale("1", 10, 50m),
            TestPings.Refund("1", 11, 20m),
            TestPings.Refund("1", 12, -5m, partial: true));
        using var api = app.Api();
        var items = (await api.GetFromJsonAsync<JsonObject>("/api/events"))!["items"]!.AsArray();
        Assert.Equal([-5m, -20m, 50m], items.Select(i => (decimal)i!["amount"]!));
    }

    [Fact]
    public async Task Openapi_document_describes_the_read_api()
    {
        await using var app = new TestApp();
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        using var client = app.Api();
        var doc = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = doc!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/events", paths);
        Assert.Contains("/api/transactions.csv", paths);
        Assert.Contains("/webhooks/kartra/{token}", paths);
    }
    [Fact]
    public async Task A_time_range_holds_exactly_the_events_received_within_it()
    {
        await using var app = new TestApp();
        for (var i = 0; i < 12; i++)
        {
            (await app.PostAsync(TestPings.From("assign_tag").Lead(i.ToString()).ToJsonString())).EnsureSuccessStatusCode();
        }
        using var api = app.Api();
        var all = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!["items"]!.AsArray()
            .Select(e => (Id: (string)e!["id"]!, At: DateTimeOffset.Parse((string)e["receivedAt"]!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var (_, at) in all)
        {
            var t = Uri.EscapeDataString(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
            async Task<List<string>> Ids(string query) =>
                (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500&" + query))!["items"]!.AsArray().Select(e => (string)e!["id"]!).ToList();
            Assert.Equal(all.Where(e => e.At >= at).Select(e => e.Id), await Ids("from=" + t));
            Assert.Equal(all.Where(e => e.At <= at).Select(e => e.Id), await Ids("to=" + t));
            Assert.Equal(all.Where(e => e.At == at).Select(e => e.Id), await Ids($"from={t}&to={t}"));
        }
    }
}

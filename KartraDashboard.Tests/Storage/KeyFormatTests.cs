using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// Leads 1, 10, 15, 100 and products 5, 50 share prefixes; none may see another's events or
/// transactions, in a new file or in one written before the current key format.
/// </summary>
public class KeyFormatTests
{
    private static JsonArray Pings() => (JsonArray)JsonNode.Parse(Fixtures.Text("keys-v1/pings.json"))!;

    private static string? LeadOf(JsonNode ping) => (string?)ping["lead"]!["id"];

    private static string? ProductOf(JsonNode ping) => (string?)ping["action_details"]?["transaction_details"]?["product_id"];

    [Fact]
    public async Task Leads_and_products_that_share_a_prefix_never_mix()
    {
        await using var app = new TestApp();
        foreach (var ping in Pings())
            (await app.PostAsync(ping!.ToJsonString())).EnsureSuccessStatusCode();
        await AssertExactAsync(app);
    }

    [Fact]
    public async Task A_file_written_before_the_current_key_format_is_rewritten_at_start_and_answers_right()
    {
        // Written by the version before the current key format, with the pings of keys-v1/pings.json.
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        File.Copy(Fixtures.PathOf("keys-v1/kartra.litedb"), Path.Combine(folder, "kartra.db"));
        await using var app = new TestApp(folder: folder);
        Assert.Contains(app.Logs, l => l.Contains("Index keys rewritten: ", StringComparison.Ordinal));
        await AssertExactAsync(app);

        // New pings land in the rewritten indexes beside the old ones.
        (await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();
        var lead1 = await api.GetFromJsonAsync<JsonObject>("/api/events?lead=1");
        Assert.Equal(Pings().Count(p => LeadOf(p!) == "1") + 1, (int)lead1!["total"]!);

        await using var again = await app.Restart();
        Assert.DoesNotContain(again.Logs, l => l.Contains("Index keys rewritten", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_of_the_previous_key_format_rewrites_its_leads_alone()
    {
        // Written by a version of key format 3, with the pings of keys-v1/pings.json: only the
        // leads' keys changed since, so only the five leads are rewritten, not the events.
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        File.Copy(Fixtures.PathOf("keys-v3/kartra.litedb"), Path.Combine(folder, "kartra.db"));
        await using var app = new TestApp(folder: folder);
        var leads = Pings().Select(p => LeadOf(p!)).Distinct().Count();
        Assert.Contains(app.Logs, l => l.Contains($"Index keys rewritten: {leads} documents", StringComparison.Ordinal));
        await AssertExactAsync(app);

        // A lead that arrives after the rewrite is found beside them.
        (await app.PostAsync(TestPings.From("assign_tag").Lead("7", email: "lead7@example.com").ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();
        var found = await api.GetFromJsonAsync<JsonObject>("/api/leads?search=lead7@");
        Assert.Equal("7", (string?)found!["items"]!.AsArray().Single()!["leadId"]);
    }

    private static async Task AssertExactAsync(TestApp app)
    {
        var pings = Pings().Select(p => p!).ToList();
        using var api = app.Api();
        // A search matches the email and name alone, never where the key places them (which holds '!').
        foreach (var lead in pings.Select(LeadOf).Distinct())
        {
            var found = await api.GetFromJsonAsync<JsonObject>($"/api/leads?search=lead{lead}@");
            Assert.Equal(lead, (string?)found!["items"]!.AsArray().Single()!["leadId"]);
        }
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads?search=!"))!["total"]!);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads?search=!&sort=spent"))!["total"]!);
        foreach (var lead in pings.Select(LeadOf).Distinct())
        {
            var expected = pings.Where(p => LeadOf(p) == lead).ToList();
            var events = await api.GetFromJsonAsync<JsonObject>($"/api/events?lead={lead}");
            Assert.Equal(expected.Count, (int)events!["total"]!);
            Assert.All(events["items"]!.AsArray(), e => Assert.Equal(lead, (string?)e!["leadId"]));
            Assert.Equal(expected.Count, events["items"]!.AsArray().Count);

            var tags = await api.GetFromJsonAsync<JsonObject>($"/api/events?lead={lead}&action=assign_tag");
            Assert.Equal(expected.Count(p => (string?)p["action"] == "assign_tag"), (int)tags!["total"]!);

            var detail = await api.GetFromJsonAsync<JsonObject>($"/api/leads/{lead}");
            Assert.Equal(lead, (string?)detail!["leadId"]);
            Assert.Equal(expected.Count, (int)detail["events"]!);
            Assert.All(detail["latestEvents"]!.AsArray(), e => Assert.Equal(lead, (string?)e!["leadId"]));
            Assert.Equal(expected.Count, detail["latestEvents"]!.AsArray().Count);

            var transactions = await api.GetFromJsonAsync<JsonObject>($"/api/transactions?lead={lead}");
            Assert.Equal(expected.Count(p => ProductOf(p) is not null), (int)transactions!["total"]!);
            Assert.All(transactions["items"]!.AsArray(), t => Assert.Equal(lead, (string?)t!["leadId"]));
        }

        foreach (var action in pings.Select(p => (string)p["action"]!).Distinct())
        {
            var events = await api.GetFromJsonAsync<JsonObject>($"/api/events?action={action}");
            Assert.Equal(pings.Count(p => (string?)p["action"] == action), (int)events!["total"]!);
            Assert.All(events["items"]!.AsArray(), e => Assert.Equal(action, (string?)e!["action"]));
        }

        foreach (var product in pings.Select(ProductOf).OfType<string>().Distinct())
        {
            var expected = pings.Where(p => ProductOf(p) == product).ToList();
            var transactions = await api.GetFromJsonAsync<JsonObject>($"/api/transactions?product={product}");
            Assert.Equal(expected.Count, (int)transactions!["total"]!);
            Assert.All(transactions["items"]!.AsArray(), t => Assert.Equal(product, (string?)t!["productId"]));
            // Kartra's own fields, whether kept as a document (older files) or compressed.
            Assert.All(transactions["items"]!.AsArray(), t => Assert.Equal(product, (string?)t!["fields"]!["product_id"]));

            var sales = await api.GetFromJsonAsync<JsonObject>($"/api/transactions?product={product}&type=sale");
            Assert.Equal(expected.Count(p => (string?)p["action"] == "buy_product"), (int)sales!["total"]!);

            var revenue = await api.GetFromJsonAsync<JsonObject>("/api/revenue");
            var line = revenue!["byProduct"]!.AsArray().Single(l => (string?)l!["id"] == product)!;
            Assert.Equal(expected.Count(p => (string?)p["action"] == "buy_product"), (int)line["salesCount"]!);
        }

        var all = await api.GetFromJsonAsync<JsonObject>("/api/events");
        Assert.Equal(pings.Count, (int)all!["total"]!);
        var gdpr = await api.GetFromJsonAsync<JsonObject>("/api/gdpr");
        foreach (var status in gdpr!["byStatus"]!.AsArray().Where(s => (int)s!["leads"]! > 0))
        {
            var leads = await api.GetFromJsonAsync<JsonObject>($"/api/leads?gdpr={(int)status!["status"]!}&take=500");
            Assert.Equal((int)status["leads"]!, (int)leads!["total"]!);
            Assert.Equal((int)status["leads"]!, leads["items"]!.AsArray().Count);
        }
    }
}

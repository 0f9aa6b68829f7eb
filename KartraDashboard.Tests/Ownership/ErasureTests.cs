using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Ownership;

public class ErasureTests
{
    private const string Email = "zoe.erasable@example.org", First = "Zoezaraq", Last = "Quixotlyn";
    private static readonly string[] Personal = [Email, First, Last, $"{First} {Last}"];

    /// <summary>A ping of the fixture's action about lead <paramref name="id"/>, with the fixture's Maria Lopez replaced everywhere by the given person.</summary>
    private static string Ping(string action, string id, string email, string first, string last, long? transactionId = null)
    {
        var ping = TestPings.From(action).Lead(id);
        if (transactionId is { } tx && ping["action_details"]?["transaction_details"] is JsonObject) ping.Transaction(("transaction_id", tx), ("transaction_date", "2026-03-10 12:00:00"), ("transaction_subscription_id", tx * 10));
        return ping.ToJsonString()
            .Replace("maria.lopez@example.com", email, StringComparison.Ordinal)
            .Replace("Maria", first, StringComparison.Ordinal)
            .Replace("Lopez", last, StringComparison.Ordinal)
            .Replace("mlopez", first.ToLowerInvariant(), StringComparison.Ordinal);
    }

    private static readonly string[] Actions = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "actions"), "*.json")
        .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task An_erased_lead_is_gone_from_the_api_and_the_files_while_figures_and_totals_stay_exact()
    {
        var app = new TestApp();
        try
        {
            // Another lead's events before and after, so the erased ones sit in the middle of every list.
            var tx = 5000L;
            foreach (var action in Actions)
                (await app.PostAsync(Ping(action, "7", "keeper@example.net", "Kim", "Keeper", tx++))).EnsureSuccessStatusCode();
            foreach (var action in Actions)
                (await app.PostAsync(Ping(action, "42", Email, First, Last, tx++))).EnsureSuccessStatusCode();
            // Quarantined bodies holding the email: URL-encoded in another case, JSON-escaped; and one that does not.
            Assert.Equal(HttpStatusCode.BadRequest, (await app.PostAsync("lead%5Bemail%5D=ZOE.ERASABLE%40EXAMPLE.ORG&x=1", "application/x-www-form-urlencoded")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await app.PostAsync("{\"note\":\"zoe.erasable\\u0040example.org\"}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await app.PostAsync("{\"note\":\"someone.else@example.org\"}")).StatusCode);
            foreach (var action in Actions)
                (await app.PostAsync(Ping(action, "7", "keeper@example.net", "Kim", "Keeper", tx++))).EnsureSuccessStatusCode();

            // Both end up holding the tag and the list (the fixtures also take them away again).
            foreach (var lead in new[] { ("7", "keeper@example.net", "Kim", "Keeper"), ("42", Email, First, Last) })
                foreach (var action in new[] { "assign_tag", "list_subscription" })
                    (await app.PostAsync(Ping(action, lead.Item1, lead.Item2, lead.Item3, lead.Item4))).EnsureSuccessStatusCode();
            using var api = app.Api();
            var revenueBefore = await api.GetStringAsync("/api/revenue");
            var transactionsBefore = (await api.GetFromJsonAsync<JsonObject>("/api/transactions"))!;
            var leadBefore = (await api.GetFromJsonAsync<JsonObject>("/api/leads/42"))!;
            // Both leads were sent the same actions, so they hold the same tags and lists.
            var subjectsBefore = await CurrentBySubjectAsync(api);
            Assert.Equal(2, subjectsBefore.Count(s => s.Value == 2));
            Assert.Equal(Email, (string?)leadBefore["email"]);

            // The search finds what is there, in plain text and in compressed bodies.
            var before = DiskSearch.Find(app.DatabasePath, Personal);
            Assert.Contains(before, f => f.StartsWith(Email + " in kartra", StringComparison.Ordinal));
            Assert.Contains(before, f => f.StartsWith(Last + " in a compressed value", StringComparison.Ordinal));

            using var erase = await api.DeleteAsync("/api/leads/42");
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            var answer = (await erase.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("42", (string?)answer["leadId"]);
            Assert.Equal(Actions.Length + 2, (int)answer["events"]!);
            var erasedTransactions = (int)answer["transactions"]!;
            Assert.True(erasedTransactions >= 3, $"{erasedTransactions} transactions erased");
            Assert.Equal(2, (int)answer["quarantined"]!);

            // The erased lead leaves every subject's current count at once.
            Assert.Equal(subjectsBefore.ToDictionary(s => s.Key, s => s.Value / 2), await CurrentBySubjectAsync(api));

            // Right after the answer, with the dashboard running: nothing of the lead in the files.
            Assert.Empty(DiskSearch.Find(app.DatabasePath, Personal));
            await AssertErasedAsync(app, revenueBefore, transactionsBefore, erasedTransactions);

            app = await app.Restart();
            await AssertErasedAsync(app, revenueBefore, transactionsBefore, erasedTransactions);
            Assert.Empty(DiskSearch.Find(app.DatabasePath, Personal));

            using var again = app.Api();
            Assert.Equal(HttpStatusCode.NotFound, (await again.DeleteAsync("/api/leads/42")).StatusCode);
            var log = (await again.GetFromJsonAsync<JsonObject>("/api/erasures"))!;
            Assert.Equal(1, (int)log["total"]!);
            Assert.Equal("42", (string?)log["items"]![0]!["leadId"]);
            Assert.Equal(Actions.Length + 2, (int)log["items"]![0]!["events"]!);

            // A later ping about the lead creates it again, counted once.
            (await app.PostAsync(Ping("assign_tag", "42", Email, First, Last))).EnsureSuccessStatusCode();
            var recreated = (await again.GetFromJsonAsync<JsonObject>("/api/leads/42"))!;
            Assert.Equal(1, (int)recreated["events"]!);
            Assert.Equal(2, (int)(await again.GetFromJsonAsync<JsonObject>("/api/leads"))!["total"]!);
            Assert.Equal(1, (int)(await again.GetFromJsonAsync<JsonObject>("/api/events?lead=42"))!["total"]!);
        }
        finally
        {
            var path = app.DatabasePath;
            var folder = app.Folder;
            await app.DisposeAsync();
            Assert.False(Directory.Exists(folder), path);
        }
    }

    /// <summary>How many leads are in each tag and list now.</summary>
    private static async Task<Dictionary<string, int>> CurrentBySubjectAsync(HttpClient api)
    {
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in new[] { "tag", "list" })
            foreach (var item in (await api.GetFromJsonAsync<JsonObject>($"/api/subjects?kind={kind}"))!["items"]!.AsArray())
                current[kind + ":" + (string?)item!["id"]] = (int)item["current"]!;
        return current;
    }

    private static async Task AssertErasedAsync(TestApp app, string revenueBefore, JsonObject transactionsBefore, int erasedTransactions)
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/leads/42")).StatusCode);
        var leads = (await api.GetFromJsonAsync<JsonObject>("/api/leads"))!;
        Assert.Equal(1, (int)leads["total"]!);
        Assert.Equal("7", (string?)leads["items"]![0]!["leadId"]);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads?search=zoe"))!["total"]!);

        // Every event list's size is what it lists, though the erased ids sit in the middle.
        var events = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!;
        Assert.Equal(2 * Actions.Length + 2, (int)events["total"]!);
        Assert.Equal(2 * Actions.Length + 2, events["items"]!.AsArray().Count);
        Assert.DoesNotContain(events["items"]!.AsArray(), e => (string?)e!["leadId"] == "42");
        var tags = (await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag,buy_product"))!;
        Assert.Equal(5, (int)tags["total"]!);
        Assert.Equal(5, tags["items"]!.AsArray().Count);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2 * Actions.Length + 2, (int)(await api.GetFromJsonAsync<JsonObject>($"/api/events?from={yesterday}&to={tomorrow}&take=1"))!["total"]!);
        Assert.NotNull(today);

        Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/quarantine"))!["total"]!);

        // Its subscriptions keep their figures without naming the lead.
        var subscriptions = await api.GetStringAsync("/api/subscriptions?take=500");
        Assert.Contains("keeper@example.net", subscriptions);
        Assert.DoesNotContain(Email, subscriptions, StringComparison.OrdinalIgnoreCase);

        // Revenue is unchanged; the lead's transactions stay, without saying whose they are.
        Assert.Equal(revenueBefore, await api.GetStringAsync("/api/revenue"));
        var transactions = (await api.GetFromJsonAsync<JsonObject>("/api/transactions?take=500"))!;
        Assert.Equal((int)transactionsBefore["total"]!, (int)transactions["total"]!);
        var erased = transactions["items"]!.AsArray().Where(t => (string?)t!["leadId"] == "erased").ToList();
        Assert.Equal(erasedTransactions, erased.Count);
        foreach (var t in erased)
        {
            Assert.Null((string?)t!["leadEmail"]);
            Assert.Null((string?)t["eventId"]);
            var fields = t["fields"]!.AsObject();
            foreach (var field in new[] { "buyer_email", "buyer_first_name", "buyer_last_name", "shipping_first_name", "buyer_billing_address" })
                if (fields.ContainsKey(field)) Assert.Equal("", (string?)fields[field]);
            if (fields.ContainsKey("buyer_billing_state")) Assert.Equal("NY", (string?)fields["buyer_billing_state"]);
        }
        var csv = await api.GetStringAsync("/api/transactions.csv");
        foreach (var text in Personal) Assert.DoesNotContain(text, csv, StringComparison.OrdinalIgnoreCase);
        var all = await api.GetStringAsync("/api/events?take=500");
        foreach (var text in Personal) Assert.DoesNotContain(text, all, StringComparison.OrdinalIgnoreCase);
    }
}

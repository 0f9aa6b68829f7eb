using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Storage;

public class PersistenceTests
{
    [Fact]
    public async Task A_restart_on_the_same_file_keeps_events_totals_leads_and_quarantine()
    {
        var app = new TestApp();
        var folder = app.Folder;
        try
        {
            (await app.PostAsync(TestPings.Sale("1", 10, 25.50m).ToJsonString())).EnsureSuccessStatusCode();
            (await app.PostAsync(TestPings.From("assign_tag").Lead("1", gdpr: 2).ToJsonString())).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.BadRequest, (await app.PostAsync("not a ping")).StatusCode);

            app = await app.Restart();
            Assert.Equal(folder, app.Folder);
            using var api = app.Api();
            Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
            Assert.Equal(25.50m, (decimal)(await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!["net"]!);
            Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/quarantine"))!["total"]!);
            Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/gdpr"))!["byStatus"]![2]!["leads"]!);

            // Ids go on from where they were; the same sale is still recognised as a duplicate.
            using var again = await app.PostAsync(TestPings.Sale("1", 10, 25.50m).ToJsonString());
            var ack = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("3", (string?)ack["id"]);
            Assert.True((bool)ack["duplicate"]!);
        }
        finally
        {
            await app.DisposeAsync();
        }
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_database_file_held_by_another_process_stops_the_start_with_its_name()
    {
        await using var app = new TestApp();
        var error = Assert.Throws<DatabaseUnavailableException>(() => new Database(app.DatabasePath));
        Assert.Contains(app.DatabasePath, error.Message);
        Assert.Contains("in use", error.Message);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void A_database_path_that_cannot_be_created_stops_the_start_with_its_name()
    {
        var file = Path.GetTempFileName();
        try
        {
            var path = Path.Combine(file, "kartra.db");
            var error = Assert.Throws<DatabaseUnavailableException>(() => new Database(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Hundreds_of_concurrent_pings_are_each_stored_once()
    {
        await using var app = new TestApp();
        const int clients = 16, perClient = 25;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, clients), async (c, ct) =>
        {
            using var http = app.CreateClient();
            for (var i = 0; i < perClient; i++)
            {
                var ping = TestPings.Sale($"{c}", c * 1000 + i + 1, 1.01m).ToJsonString();
                using var response = await http.PostAsync("/webhooks/kartra/" + TestApp.Token, new StringContent(ping), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!);
            }
        });

        Assert.Equal(clients * perClient, acknowledged.Distinct().Count());
        using var api = app.Api();
        Assert.Equal(clients * perClient, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(clients * perClient, (int)revenue["sales"]!["count"]!);
        Assert.Equal(clients * perClient * 1.01m, (decimal)revenue["sales"]!["amount"]!);

        // Every acknowledged id reads back, after a restart too.
        var restarted = await app.Restart();
        await using var _ = restarted;
        using var again = restarted.Api();
        var ids = new HashSet<string>();
        string? before = null;
        do
        {
            var page = (await again.GetFromJsonAsync<JsonObject>("/api/events?take=500" + (before is null ? "" : "&before=" + before)))!;
            var items = page["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
            ids.UnionWith(items);
            before = items.Count == 0 ? null : items[^1];
        } while (before is not null);
        Assert.True(acknowledged.ToHashSet().SetEquals(ids));
    }
}

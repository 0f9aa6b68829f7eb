using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Ownership;
using KartraDashboard.Storage;
using LiteDB;

namespace KartraDashboard.Tests.Ownership;

public class BackupTests
{
    private static async Task<string> PostAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/webhooks/kartra/" + TestApp.Token, new StringContent(body));
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    /// <summary>The event ids a LiteDB file holds, read straight from the file.</summary>
    private static HashSet<string> EventIds(string file)
    {
        using var lite = new LiteDatabase(new ConnectionString { Filename = file, Connection = ConnectionType.Direct, ReadOnly = true });
        return lite.GetCollection(Schema.Events.Collection).FindAll().Select(d => d["_id"].AsInt64.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
    }

    [Fact]
    public async Task A_backup_taken_under_load_opens_alone_and_holds_every_event_acknowledged_before_it_began()
    {
        await using var app = new TestApp();
        var acknowledged = new ConcurrentBag<string>();
        using (var http = app.CreateClient())
            for (var i = 0; i < 300; i++) acknowledged.Add(await PostAsync(http, TestPings.Sale($"{i % 40}", i + 1, 2m).ToJsonString()));

        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            using var http = app.CreateClient();
            for (var i = 0; !stop.IsCancellationRequested; i++)
                acknowledged.Add(await PostAsync(http, TestPings.From("assign_tag").Lead($"load-{c}-{i % 50}").ToJsonString()));
        })).ToList();
        while (acknowledged.Count < 400) await Task.Delay(10);

        var before = acknowledged.ToHashSet();
        using var api = app.Api();
        using var response = await api.GetAsync("/api/backup");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("kartra-backup-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Pings went on while it was cut.
        var during = acknowledged.Count;
        while (acknowledged.Count < during + 50) await Task.Delay(10);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var folder = Directory.CreateTempSubdirectory("kartra-backup-test-").FullName;
        try
        {
            var file = Path.Combine(folder, "copy.db");
            await File.WriteAllBytesAsync(file, bytes);
            var held = EventIds(file);
            Assert.Empty(before.Except(held));
            // Nothing is in it that was never acknowledged or stored.
            Assert.Empty(held.Except(acknowledged));
            Assert.False(File.Exists(Database.LogPathOf(file)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        // No temporary copy is left beside the database.
        Assert.Empty(Directory.GetFiles(app.Folder, ".backup-*"));
    }

    [Fact]
    public async Task A_restore_puts_the_copy_in_place_erases_again_what_was_erased_since_and_issues_no_id_twice()
    {
        var backups = Directory.CreateTempSubdirectory("kartra-backups-").FullName;
        var app = new TestApp(new() { ["Storage:BackupFolder"] = backups, ["Storage:BackupKeep"] = "2" }, ownsFolder: false);
        var folder = app.Folder;
        try
        {
            using (var http = app.CreateClient())
            {
                for (var i = 0; i < 10; i++) await PostAsync(http, TestPings.Sale("1", i + 1, 10m).ToJsonString());
                for (var i = 0; i < 5; i++) await PostAsync(http, TestPings.From("assign_tag").Lead("2", email: "gone@example.org").ToJsonString());
            }
            // Scheduled backups keep the newest two.
            var scheduled = app.Service<ScheduledBackups>();
            await scheduled.CutAsync();
            await scheduled.CutAsync();
            var backup = await scheduled.CutAsync();
            Assert.Equal(2, Directory.GetFiles(backups, ScheduledBackups.Prefix + "*.db").Length);

            using (var http = app.CreateClient())
                for (var i = 0; i < 8; i++) await PostAsync(http, TestPings.From("assign_tag").Lead("3").ToJsonString());
            string lastId;
            using (var api = app.Api())
            {
                Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("/api/leads/2")).StatusCode);
                // A lead the copy never held: nothing to erase in it, but the log keeps the entry.
                // Its event had the highest id ever issued, though it is gone now.
                lastId = await PostAsync(api, TestPings.From("assign_tag").Lead("5").ToJsonString());
                Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("/api/leads/5")).StatusCode);
            }

            // Refused while the dashboard runs on the database.
            var refused = new StringWriter();
            Assert.Equal(1, RestoreCommand.Run([backup, $"--Storage:DatabasePath={app.DatabasePath}"], TextWriter.Null, refused));
            Assert.Contains("Stop the dashboard", refused.ToString());
            await app.DisposeAsync();

            var output = new StringWriter();
            Assert.Equal(0, RestoreCommand.Run([backup, $"--Storage:DatabasePath={app.DatabasePath}"], output, TextWriter.Null));
            Assert.Contains("Erased again 1 lead", output.ToString());

            app = new TestApp(folder: folder, ownsFolder: false);
            using var again = app.Api();
            // The copy's events, less the lead erased after it was cut.
            var events = (await again.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!;
            Assert.Equal(10, (int)events["total"]!);
            Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync("/api/leads/2")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync("/api/leads/3")).StatusCode);
            Assert.Equal(100m, (decimal)(await again.GetFromJsonAsync<JsonObject>("/api/revenue"))!["net"]!);
            var log = (await again.GetFromJsonAsync<JsonObject>("/api/erasures"))!;
            Assert.Equal(2, (int)log["total"]!);
            Assert.Equal(["5", "2"], log["items"]!.AsArray().Select(e => (string)e!["leadId"]!));

            // Ids go on above the highest ever issued, and every total stays exact across the gap.
            using (var http = app.CreateClient())
                Assert.Equal(long.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture) + 1,
                    long.Parse(await PostAsync(http, TestPings.From("assign_tag").Lead("4").ToJsonString()), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(11, (int)(await again.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!["total"]!);
            var day = DateTimeOffset.UtcNow;
            Assert.Equal(11, (int)(await again.GetFromJsonAsync<JsonObject>(
                $"/api/events?from={day.AddDays(-1):yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}&take=1"))!["total"]!);
            Assert.Equal(1, (int)(await again.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag"))!["total"]!);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            Directory.Delete(backups, recursive: true);
        }
    }
}

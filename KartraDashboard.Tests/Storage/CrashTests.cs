using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Storage;

public class CrashTests
{
    [Fact]
    public async Task Every_acknowledged_ping_survives_the_process_being_killed_mid_load()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-crash-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Storage__DatabasePath"] = Path.Combine(folder, "kartra.db"),
            ["Kartra__WebhookToken"] = TestApp.Token,
            ["Dashboard__ApiKey"] = TestApp.ApiKey,
        };
        try
        {
            // Each ping carries a tag name of its own, so what was acknowledged can be found again.
            var acknowledged = new ConcurrentDictionary<string, string>();
            await using (var host = await HostProcess.StartAsync(folder, environment))
            {
                using var stop = new CancellationTokenSource();
                var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
                {
                    using var http = new HttpClient { BaseAddress = host.BaseAddress };
                    for (var i = 0; !stop.IsCancellationRequested && i < 5000; i++)
                    {
                        var tag = $"crash-{sender}-{i}";
                        var ping = TestPings.From("assign_tag").Lead($"{sender}").Details("tag", ("tag_id", i + 1), ("tag_name", tag)).ToJsonString();
                        try
                        {
                            using var response = await http.PostAsync("/webhooks/kartra/" + TestApp.Token, new StringContent(ping));
                            if (response.StatusCode == HttpStatusCode.OK)
                                acknowledged[(string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!] = tag;
                        }
                        catch (HttpRequestException) { return; }
                        catch (IOException) { return; }
                    }
                })).ToList();

                while (acknowledged.Count < 300) await Task.Delay(20);
                host.Kill();
                stop.Cancel();
                await Task.WhenAll(senders);
            }

            await using var restarted = await HostProcess.StartAsync(folder, environment);
            using var api = new HttpClient { BaseAddress = restarted.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
            var stored = new Dictionary<string, string>();
            string? before = null;
            while (true)
            {
                var page = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500" + (before is null ? "" : "&before=" + before)))!;
                var items = page["items"]!.AsArray();
                if (items.Count == 0) break;
                foreach (var item in items) stored[(string)item!["id"]!] = (string)item["summary"]!;
                before = (string)items[^1]!["id"]!;
            }

            Assert.True(acknowledged.Count >= 300);
            foreach (var (id, tag) in acknowledged)
            {
                Assert.True(stored.TryGetValue(id, out var summary), $"acknowledged event {id} is gone");
                Assert.Equal($"Tag assigned: {tag}", summary);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

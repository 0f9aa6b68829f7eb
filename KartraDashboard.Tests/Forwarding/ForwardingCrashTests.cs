using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Forwarding;

public class ForwardingCrashTests
{
    [Fact]
    public async Task Every_owed_delivery_is_made_after_the_process_is_killed()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-crash-forward-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Storage__DatabasePath"] = Path.Combine(folder, "kartra.db"),
            ["Kartra__WebhookToken"] = TestApp.Token,
            ["Dashboard__ApiKey"] = TestApp.ApiKey,
        };
        await using var receiver = await Receiver.StartAsync();
        // Down while the first process runs: every delivery is still owed when it is killed.
        receiver.Status = 503;
        try
        {
            var acknowledged = new List<string>();
            await using (var host = await HostProcess.StartAsync(folder, environment))
            {
                using var api = Api(host.BaseAddress);
                using var created = await api.PostAsJsonAsync("/api/forwarding", new { url = receiver.At("/crash"), actions = (string[]?)null, enabled = true });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                for (var i = 0; i < 20; i++)
                {
                    using var response = await api.PostAsync("/webhooks/kartra/" + TestApp.Token,
                        new StringContent(TestPings.From("assign_tag").Lead($"{i}").ToJsonString()));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    acknowledged.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
                }
                await Receiver.Until(() => !receiver.Received.IsEmpty, "a first attempt");

                // Then a burst, killed while it lasts: the deliveries its pings owe are, for the
                // most part, still only on their events, which the sender writes out between bursts.
                var killed = new CancellationTokenSource();
                var burst = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
                {
                    for (var n = 0; !killed.IsCancellationRequested; n++)
                    {
                        try
                        {
                            using var response = await api.PostAsync("/webhooks/kartra/" + TestApp.Token,
                                new StringContent(TestPings.From("assign_tag").Lead($"b{worker}-{n}").ToJsonString()), killed.Token);
                            // Only an acknowledged ping is owed.
                            if (response.StatusCode != HttpStatusCode.OK) continue;
                            var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(killed.Token))!["id"]!;
                            lock (acknowledged) acknowledged.Add(id);
                        }
                        catch (OperationCanceledException) when (killed.IsCancellationRequested) { }
                    }
                })).ToList();
                await Receiver.Until(() => { lock (acknowledged) return acknowledged.Count > 220; }, "two hundred pings of the burst");
                // The burst's last requests are given up just before the kill (only acknowledged pings are owed).
                await killed.CancelAsync();
                host.Kill();
                await Task.WhenAll(burst);
            }

            receiver.Status = 200;
            await using var restarted = await HostProcess.StartAsync(folder, environment);
            await Receiver.Until(() => acknowledged.All(id => receiver.Received.Any(r => r.Answered == 200 && r.Headers["webhook-id"] == id)),
                "every acknowledged ping delivered after the restart");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HttpClient Api(Uri baseAddress)
    {
        var api = new HttpClient { BaseAddress = baseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
        return api;
    }
}

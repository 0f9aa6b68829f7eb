using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Storage;

/// <summary>The store lives through a full disk without a restart.</summary>
public class DiskErrorTests
{
    private static readonly string[] ReadRoutes =
        ["/api/events", "/api/leads", "/api/revenue", "/api/transactions", "/api/gdpr", "/api/quarantine", "/api/events/1"];

    private static string Ping(int lead) =>
        TestPings.From("assign_tag").Lead("L" + lead).Details("tag", ("tag_id", lead), ("tag_name", "disk-" + lead)).ToJsonString();

    [ScratchDiskFact]
    public Task A_full_disk_refuses_pings_with_503_then_takes_them_again_once_freed_with_nothing_lost_or_stored_twice() =>
        RefusedWhileItLastsAsync(ScratchDisk.Tmpfs("16m"), disk =>
        {
            var ballast = disk.Fill();
            return () => File.Delete(ballast);
        });

    [ScratchDiskFact]
    public Task A_read_only_database_refuses_pings_with_503_then_takes_them_again_once_writable_with_nothing_lost_or_stored_twice() =>
        RefusedWhileItLastsAsync(ScratchDisk.Ext4(32), disk => disk.MakeReadOnly());

    /// <summary>
    /// Acknowledged pings, then the fault, pings refused with 503 while it lasts, the fault ended,
    /// pings taken again within 30 s; then every acknowledged ping is there once, also after a restart.
    /// </summary>
    private static async Task RefusedWhileItLastsAsync(ScratchDisk scratch, Func<ScratchDisk, Action> fault)
    {
        using var disk = scratch;
        var app = new TestApp(new() { ["Storage:DiskRetrySeconds"] = "0.2" }, folder: disk.Folder, ownsFolder: false);
        try
        {
            var answers = new Dictionary<int, List<HttpStatusCode>>();
            async Task<HttpStatusCode> Send(int lead)
            {
                using var response = await app.PostAsync(Ping(lead));
                (answers.TryGetValue(lead, out var list) ? list : answers[lead] = []).Add(response.StatusCode);
                return response.StatusCode;
            }

            for (var lead = 1; lead <= 20; lead++) Assert.Equal(HttpStatusCode.OK, await Send(lead));

            var end = fault(disk);
            var refused = new List<int>();
            for (var lead = 21; lead <= 40; lead++)
            {
                var status = await Send(lead);
                Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
                if (status != HttpStatusCode.OK) refused.Add(lead);
            }
            Assert.NotEmpty(refused);
            using (var api = app.Api())
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetAsync("/healthz")).StatusCode);
                // Reads answer what they can, or 503 while the file is being opened again: never a 500.
                foreach (var route in ReadRoutes)
                    Assert.Contains((await api.GetAsync(route)).StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
            }

            end();
            var freed = TimeProvider.System.GetTimestamp();
            while (await Send(refused[0]) != HttpStatusCode.OK)
            {
                Assert.True(TimeProvider.System.GetElapsedTime(freed) < TimeSpan.FromSeconds(30), "Pings were still refused 30 s after the disk was freed.");
                await Task.Delay(100);
            }
            // The sender sends again what was refused.
            foreach (var lead in refused.Skip(1)) Assert.Equal(HttpStatusCode.OK, await Send(lead));

            for (var round = 0; round < 2; round++)
            {
                using var api = app.Api();
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz")).StatusCode);
                foreach (var route in ReadRoutes) Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(route)).StatusCode);
                var events = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!;
                var leads = events["items"]!.AsArray().Select(e => (string)e!["leadId"]!).ToList();
                // Every acknowledged ping is there once; a refused one only as sent again.
                Assert.Equal(40, (int)events["total"]!);
                Assert.Equal(Enumerable.Range(1, 40).Select(l => "L" + l).Order(), leads.Order());
                Assert.All(answers.Values, a => Assert.Equal(1, a.Count(s => s == HttpStatusCode.OK)));
                Assert.Equal(40, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads"))!["total"]!);
                app = await app.Restart();
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

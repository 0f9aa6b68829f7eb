using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Ownership;

public class ErasureCheckpointTests
{
    [Fact]
    public async Task An_erasure_answers_only_after_its_checkpoint_which_waits_for_open_reads_and_backups_while_pings_go_on()
    {
        await using var app = new TestApp();
        (await app.PostAsync(TestPings.From("assign_tag").Lead("1", email: "held@example.org").ToJsonString())).EnsureSuccessStatusCode();
        var db = app.Service<Database>();
        var writer = app.Service<StoreWriter>();
        using var api = app.Api();

        // A read open (as a page's query would be): the erasure is committed but not answered.
        Task<HttpResponseMessage> erasing;
        using (db.BeginRead())
        {
            erasing = api.DeleteAsync("/api/leads/1");
            await Task.Delay(500);
            Assert.False(erasing.IsCompleted);
            // Pings are acknowledged meanwhile: the writer does not wait with the erasure.
            (await app.PostAsync(TestPings.From("assign_tag").Lead("2").ToJsonString())).EnsureSuccessStatusCode();
        }
        using (var answer = await erasing.WaitAsync(TimeSpan.FromSeconds(10)))
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(DiskSearch.Find(app.DatabasePath, "held@example.org"));

        // A backup being copied holds checkpoints off: the next erasure waits for it too.
        (await app.PostAsync(TestPings.From("assign_tag").Lead("3", email: "later@example.org").ToJsonString())).EnsureSuccessStatusCode();
        await writer.HoldCheckpointsAsync();
        erasing = api.DeleteAsync("/api/leads/3");
        await Task.Delay(500);
        Assert.False(erasing.IsCompleted);
        (await app.PostAsync(TestPings.From("assign_tag").Lead("4").ToJsonString())).EnsureSuccessStatusCode();
        writer.ReleaseCheckpoints();
        using (var answer = await erasing.WaitAsync(TimeSpan.FromSeconds(10)))
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(DiskSearch.Find(app.DatabasePath, "later@example.org"));

        var leads = (await api.GetFromJsonAsync<JsonObject>("/api/leads"))!;
        Assert.Equal(["4", "2"], leads["items"]!.AsArray().Select(l => (string)l!["leadId"]!));
    }
}

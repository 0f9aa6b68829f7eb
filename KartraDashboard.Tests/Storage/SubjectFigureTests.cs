using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;
using KartraDashboard.Tests.Subjects;
using LiteDB;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// The subject figures are added as the events are listed, after the pings' own commits: they
/// read alike before and after, through an erasure, and over a file whose figures were added in
/// each ping's commit.
/// </summary>
public class SubjectFigureTests
{

    private static async Task<JsonObject> TagAsync(TestApp app)
    {
        using var api = app.Api();
        return (await api.GetFromJsonAsync<JsonObject>("/api/subjects/tag/5"))!;
    }

    [Fact]
    public async Task Figures_read_alike_unlisted_and_listed_and_a_lead_erased_before_its_events_are_listed_leaves_them()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = SubjectFeed.Holding(folder);
        try
        {
            await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
            Assert.True(app.Service<StoreWriter>().SubjectEventsOwed > 0, "nothing listed yet");
            await SubjectsApiTests.AssertFigures(app);
            await app.DisposeAsync();

            app = new TestApp(folder: folder, ownsFolder: false);
            await SubjectFeed.WaitListedAsync(app);
            await SubjectsApiTests.AssertFigures(app);
            await app.DisposeAsync();

            // Lead 4 joins tag 5 at an event not listed yet, then is erased: its event stays
            // counted, as an event counted before an erasure does, and it leaves current at once.
            app = SubjectFeed.Holding(folder);
            await SubjectsApiTests.PostAllAsync(app, [TestPings.From("assign_tag").Lead("4").Details("tag", ("tag_id", 5))]);
            Assert.True(app.Service<StoreWriter>().SubjectEventsOwed > 0, "the event is not listed yet");
            Assert.Equal(3, (long)(await TagAsync(app))["current"]!);
            using (var api = app.Api())
            using (var erase = await api.DeleteAsync("/api/leads/4"))
                Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            foreach (var read in new[] { await TagAsync(app), await RestartedTagAsync() })
            {
                Assert.Equal(2, (long)read["current"]!);
                Assert.Equal(4, (long)read["counts"]!["assign_tag"]!);
            }
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }

        async Task<JsonObject> RestartedTagAsync()
        {
            await app.DisposeAsync();
            app = new TestApp(folder: folder, ownsFolder: false);
            await SubjectFeed.WaitListedAsync(app);
            return await TagAsync(app);
        }
    }

    [Fact]
    public async Task A_file_whose_figures_were_added_at_each_ping_lists_its_events_without_counting_them_again()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        try
        {
            await using (var app = new TestApp(folder: folder, ownsFolder: false))
            {
                await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
                await SubjectFeed.WaitListedAsync(app);
            }
            // As a version that counted in each ping's commit left it: its figures whole, its events
            // not listed yet, and no note of where the figures added as events are listed begin.
            using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct }))
            {
                var meta = db.GetCollection(Schema.Meta.Collection);
                meta.Delete(Schema.SubjectEvents.FiguresFromId);
                meta.Upsert(new BsonDocument { ["_id"] = Schema.SubjectEvents.FedId, [Schema.Meta.Value] = 0L });
                db.DropCollection(Schema.SubjectEvents.Collection);
                db.DropCollection(Schema.Segments.Collection);
            }

            await using (var app = new TestApp(folder: folder, ownsFolder: false))
            {
                await SubjectsApiTests.AssertFigures(app);
                await SubjectFeed.WaitListedAsync(app);
                await SubjectsApiTests.AssertFigures(app);
                using var api = app.Api();
                var holders = (await api.GetFromJsonAsync<JsonObject>("/api/leads?tag=5&sort=spent"))!["items"]!.AsArray();
                Assert.Equal(["1", "2"], holders.Select(l => (string)l!["leadId"]!).Order(StringComparer.Ordinal));

                // Pings from now on are counted as they are listed.
                await SubjectsApiTests.PostAllAsync(app, [TestPings.From("unassign_tag").Lead("2").Details("tag", ("tag_id", 5))]);
                await SubjectFeed.WaitListedAsync(app);
                var tag = (await api.GetFromJsonAsync<JsonObject>("/api/subjects/tag/5"))!;
                Assert.Equal(1, (long)tag["current"]!);
                Assert.Equal(2, (long)tag["counts"]!["unassign_tag"]!);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

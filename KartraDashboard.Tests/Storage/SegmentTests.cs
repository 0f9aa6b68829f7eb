using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;
using KartraDashboard.Tests.Subjects;
using LiteDB;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// A subject's leads are listed as the events are listed, after the pings' own commits: the lead
/// filter reads alike before and after, and an erased lead leaves no listing behind.
/// </summary>
public class SegmentTests
{
    private static JsonObject Tag(string action, string lead, int tag) =>
        TestPings.From(action).Lead(lead).Details("tag", ("tag_id", tag));

    private static async Task<string[]> HoldersAsync(TestApp app, string query = "tag=5")
    {
        using var api = app.Api();
        var page = (await api.GetFromJsonAsync<JsonObject>($"/api/leads?{query}&sort=spent"))!;
        var ids = page["items"]!.AsArray().Select(l => (string)l!["leadId"]!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ids.Length, (long)page["total"]!);
        return ids;
    }

    [Fact]
    public async Task A_subjects_leads_read_alike_unlisted_and_listed_and_an_erased_lead_leaves_no_listing()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = SubjectFeed.Holding(folder);
        try
        {
            // D leaves and joins again; E is in tag 50, which must not mix with tag 5.
            await SubjectsApiTests.PostAllAsync(app, [
                Tag("assign_tag", "A", 5), Tag("assign_tag", "B", 5), Tag("assign_tag", "C", 5), Tag("unassign_tag", "B", 5),
                Tag("assign_tag", "D", 5), Tag("unassign_tag", "D", 5), Tag("assign_tag", "D", 5), Tag("assign_tag", "E", 50)]);
            Assert.True(app.Service<StoreWriter>().SubjectEventsOwed > 0, "nothing listed yet");
            Assert.Equal(["A", "C", "D"], await HoldersAsync(app));
            await app.DisposeAsync();

            // Listed once the writer is idle: read from the listing alone.
            app = new TestApp(folder: folder, ownsFolder: false);
            await SubjectFeed.WaitListedAsync(app);
            Assert.Equal(["A", "C", "D"], await HoldersAsync(app));
            Assert.Equal(["E"], await HoldersAsync(app, "tag=50"));
            await app.DisposeAsync();

            // Leads joining and leaving at events not listed yet, over a listing that says otherwise;
            // then C, listed under tag 5 but gone from it at an event not listed, is erased.
            app = SubjectFeed.Holding(folder);
            await SubjectsApiTests.PostAllAsync(app, [Tag("assign_tag", "B", 5), Tag("unassign_tag", "A", 5), Tag("unassign_tag", "C", 5), Tag("assign_tag", "C", 50)]);
            Assert.True(app.Service<StoreWriter>().SubjectEventsOwed > 0, "the changes are not listed yet");
            Assert.Equal(["B", "D"], await HoldersAsync(app));
            Assert.Equal(["C", "E"], await HoldersAsync(app, "tag=50"));
            using (var api = app.Api())
            using (var erase = await api.DeleteAsync("/api/leads/C"))
                Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            Assert.Equal(["B", "D"], await HoldersAsync(app));
            Assert.Equal(["E"], await HoldersAsync(app, "tag=50"));
            await app.DisposeAsync();

            app = new TestApp(folder: folder, ownsFolder: false);
            await SubjectFeed.WaitListedAsync(app);
            Assert.Equal(["B", "D"], await HoldersAsync(app));
            // A lead of the erased one's id, new, is in no subject of the old one's.
            await SubjectsApiTests.PostAllAsync(app, [Tag("assign_tag", "C", 7)]);
            await SubjectFeed.WaitListedAsync(app);
            Assert.Equal(["B", "D"], await HoldersAsync(app));
            Assert.Equal(["C"], await HoldersAsync(app, "tag=7"));
            await app.DisposeAsync();

            using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct });
            var listed = db.GetCollection(Schema.Segments.Collection).FindAll().Select(d => d[Schema.Segments.Lead].AsString).Order(StringComparer.Ordinal);
            // B and D under tag 5, E under 50 and the new C under 7: nothing of the erased C.
            Assert.Equal(["B", "C", "D", "E"], listed);
            Assert.Single(db.GetCollection(Schema.Segments.Collection).Find(Query.EQ(Schema.Segments.Lead, "C")),
                d => d[Schema.Id].AsString == Keys.Pair(SubjectGroup.Of("tag", "7"), "C"));
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_keyed_subjects_on_its_leads_lists_them_apart_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        try
        {
            await using (var app = new TestApp(folder: folder, ownsFolder: false))
            {
                await SubjectsApiTests.PostAllAsync(app, [Tag("assign_tag", "A", 5), Tag("assign_tag", "B", 5), Tag("unassign_tag", "B", 5), Tag("assign_tag", "B", 50)]);
                await SubjectFeed.WaitListedAsync(app);
            }
            // As the previous key format kept them: a key per subject on the lead, indexed, and no listing.
            using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct }))
            {
                db.DropCollection(Schema.Segments.Collection);
                var leads = db.GetCollection(Schema.Leads.Collection);
                leads.EnsureIndex(Schema.LeadSubjects.Segments, $"$.{Schema.LeadSubjects.Segments}[*]");
                foreach (var (lead, tag) in new[] { ("A", "5"), ("B", "50") })
                {
                    var doc = leads.FindById(lead);
                    doc[Schema.LeadSubjects.Segments] = new BsonArray(new BsonValue(Keys.Member(SubjectGroup.Of("tag", tag))));
                    leads.Update(doc);
                }
                db.GetCollection(Schema.Meta.Collection).Upsert(new BsonDocument { ["_id"] = "setting:keyFormat", [Schema.Meta.Value] = "4" });
            }

            await using (var app = new TestApp(folder: folder, ownsFolder: false))
            {
                Assert.Contains(app.Logs, l => l.Contains("Index keys rewritten: 2 documents", StringComparison.Ordinal));
                Assert.Equal(["A"], await HoldersAsync(app));
                Assert.Equal(["B"], await HoldersAsync(app, "tag=50"));
            }
            using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct }))
            {
                var leads = db.GetCollection(Schema.Leads.Collection);
                var indexes = db.GetCollection("$indexes").Find(BsonExpression.Create("collection = @0", Schema.Leads.Collection)).Select(d => d["name"].AsString);
                Assert.DoesNotContain(Schema.LeadSubjects.Segments, indexes);
                Assert.All(leads.FindAll(), d => Assert.False(d.ContainsKey(Schema.LeadSubjects.Segments)));
                Assert.Equal(2, db.GetCollection(Schema.Segments.Collection).Count());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

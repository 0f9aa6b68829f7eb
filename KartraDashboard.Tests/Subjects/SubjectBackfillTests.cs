using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;
using LiteDB;

namespace KartraDashboard.Tests.Subjects;

public class SubjectBackfillTests
{
    /// <summary>
    /// A file written before subjects were kept: the story is stored, then everything subjects
    /// added is taken out of the file again, as an older version left it.
    /// </summary>
    [Fact]
    public async Task Events_and_leads_stored_before_get_their_subjects_and_figures_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = new TestApp(folder: folder, ownsFolder: false);
        try
        {
            await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
            await app.DisposeAsync();
            using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct }))
            {
                var events = db.GetCollection(Schema.Events.Collection);
                foreach (var doc in events.FindAll().ToList())
                {
                    foreach (var field in new[] { Schema.EventSubjects.Kind, Schema.EventSubjects.Id, Schema.EventSubjects.Name, Schema.EventSubjects.PartId,
                        Schema.EventSubjects.PartName, Schema.EventSubjects.Key, Schema.EventSubjects.Joined, Schema.EventSubjects.PartJoined })
                        doc.Remove(field);
                    events.Update(doc);
                }
                var leads = db.GetCollection(Schema.Leads.Collection);
                foreach (var doc in leads.FindAll().ToList())
                {
                    doc.Remove(Schema.LeadSubjects.Counted);
                    leads.Update(doc);
                }
                db.DropCollection(Schema.Subjects.Collection);
                db.DropCollection(Schema.SubjectDays.Collection);
                db.DropCollection(Schema.SubjectEvents.Collection);
                db.DropCollection(Schema.Segments.Collection);
                db.GetCollection(Schema.Meta.Collection).Delete(Schema.SubjectCount.DocumentId);
                db.GetCollection(Schema.Meta.Collection).Delete(Schema.SubjectEvents.FedId);
                db.GetCollection(Schema.Meta.Collection).Delete(Schema.SubjectEvents.FiguresFromId);
                Assert.Empty(db.GetCollection(Schema.Events.Collection).Find(Query.Not(Schema.EventSubjects.Kind, BsonValue.Null)));
            }

            app = new TestApp(folder: folder, ownsFolder: true);
            using var api = app.Api();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!app.Logs.Any(l => l.Contains("Subjects counted:", StringComparison.Ordinal)) && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Contains(app.Logs, l => l.Contains("Subjects counted: 19 events and 3 leads", StringComparison.Ordinal));

            var vip = (await api.GetFromJsonAsync<JsonObject>("/api/subjects/tag/5"))!;
            Assert.Equal(2, (long)vip["current"]!);
            Assert.Equal(3, (long)vip["counts"]!["assign_tag"]!);
            var list = (await api.GetFromJsonAsync<JsonObject>("/api/subjects/list/9"))!;
            Assert.Equal(1, (long)list["current"]!);
            Assert.Equal(2, (long)list["counts"]!["list_unsubscription"]!);
            var product = (await api.GetFromJsonAsync<JsonObject>("/api/subjects/product/7"))!;
            Assert.Equal(1, (long)product["counts"]!["buy_product"]!);
            Assert.Equal(4, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?subject=tag:5"))!["total"]!);
            var first = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!["items"]!.AsArray()[^1]!;
            Assert.Equal("5", (string?)first["subject"]!["id"]);

            // Pings after the count are counted as they come.
            await SubjectsApiTests.PostAllAsync(app, [TestPings.From("unassign_tag").Lead("2").Details("tag", ("tag_id", 5))]);
            Assert.Equal(1, (long)(await api.GetFromJsonAsync<JsonObject>("/api/subjects/tag/5"))!["current"]!);
            // The leads counted at start are listed under their subjects, and follow pings since.
            var holders = (await api.GetFromJsonAsync<JsonObject>("/api/leads?tag=5&sort=spent"))!["items"]!.AsArray();
            Assert.Equal(["1"], holders.Select(l => (string)l!["leadId"]!));
        }
        finally { await app.DisposeAsync(); }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using LiteDB;

namespace KartraDashboard.Tests.Storage;

public class EventDocumentTests
{
    /// <summary>An event's document leaves the usual Content-Type out; none and any other read back as the request sent them.</summary>
    [Fact]
    public async Task An_event_reads_back_the_Content_Type_it_came_with_none_the_usual_one_or_another()
    {
        await using var app = new TestApp();
        using var api = app.Api();
        var body = Encoding.UTF8.GetBytes(TestPings.From("assign_tag").Lead("1").ToJsonString());
        foreach (var sent in new[] { null, "application/json", "text/plain; charset=utf-8" })
        {
            using var response = await app.PostAsync(body, sent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            var stored = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{id}"))!;
            Assert.Equal(sent, (string?)stored["contentType"]);
            Assert.Equal(body, Encoding.UTF8.GetBytes((string)stored["raw"]!));
        }
    }

    /// <summary>
    /// Every documented action, from the documentation's examples: its line and subject read back
    /// as the parser made them. A line that is only the action's label and the subject is made
    /// again when read, a kind and id the subject's key holds whole are read from it, and the
    /// lead's email and name and the subject's name are read from the lead and the subject; none
    /// is written into the document. A line that says more (a sale's product and amount), and an
    /// id too long for a key, are.
    /// </summary>
    [Fact]
    public async Task Each_action_reads_back_its_line_and_subject_and_its_document_holds_only_what_its_keys_do_not()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var parser = new PingParser(TimeZoneInfo.Utc);
        var longId = new string('7', 300);
        var bodies = Directory.GetFiles(Fixtures.PathOf("actions"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            .Append(Encoding.UTF8.GetBytes(TestPings.From("assign_tag").Lead("1").Details("tag", ("tag_id", longId)).ToJsonString()))
            .ToList();
        var ids = new Dictionary<long, KartraPing>();
        await using (var app = new TestApp(folder: folder, ownsFolder: false))
        {
            using var api = app.Api();
            foreach (var body in bodies)
            {
                using var response = await app.PostAsync(body, "application/json");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
                var ping = parser.Parse(body).Ping!;
                ids[long.Parse(id)] = ping;
                var stored = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{id}"))!;
                Assert.Equal(ping.Summary, (string?)stored["summary"]);
                var subject = EventSubject.Of(ping);
                Assert.Equal(subject?.Kind, (string?)stored["subject"]?["kind"]);
                Assert.Equal(subject?.Id, (string?)stored["subject"]?["id"]);
                Assert.Equal(subject?.Name, (string?)stored["subject"]?["name"]);
                Assert.Equal(subject?.Part?.Id, (string?)stored["subject"]?["part"]?["id"]);
            }
        }

        using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct, ReadOnly = true });
        var events = db.GetCollection(Schema.Events.Collection);
        BsonDocument Doc(string action) => events.FindById(ids.First(p => p.Value.Action == action).Key);
        foreach (var field in new[] { Schema.Events.Summary, Schema.EventSubjects.Kind, Schema.EventSubjects.Id, Schema.EventSubjects.Name, Schema.Events.Email, Schema.Events.Name })
            Assert.False(Doc("assign_tag").ContainsKey(field), field);
        Assert.Equal(ids.Values.Single(p => p.Action == "buy_product").Summary, Doc("buy_product")[Schema.Events.Summary].AsString);
        var cut = events.FindById(ids.Keys.Max());
        Assert.Equal(longId, cut[Schema.EventSubjects.Id].AsString);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// An event shows its lead's email and name as they are now, and its subject's latest name, as
    /// the lead's page and the reports do: a lead or a tag renamed in Kartra shows its new name on
    /// its earlier events too. An event without a lead shows what its ping sent.
    /// </summary>
    [Fact]
    public async Task Earlier_events_show_their_lead_and_subject_by_the_names_sent_last()
    {
        await using var app = new TestApp();
        using var api = app.Api();
        async Task<string> PostAsync(JsonObject ping)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        }
        var first = await PostAsync(TestPings.From("assign_tag").Lead("4", "old@example.com", "Olga").Details("tag", ("tag_id", 30), ("tag_name", "Warm")));
        var noLead = TestPings.From("assign_tag").Details("tag", ("tag_id", 30), ("tag_name", "Warm"));
        noLead["lead"]!.AsObject().Remove("id");
        var anonymous = await PostAsync(noLead);
        await PostAsync(TestPings.From("assign_tag").Lead("4", "new@example.com", "Nadia").Details("tag", ("tag_id", 30), ("tag_name", "Hot")));

        var earlier = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{first}"))!;
        Assert.Equal(("new@example.com", "Hot", "Tag assigned: Hot"), ((string?)earlier["leadEmail"], (string?)earlier["subject"]!["name"], (string?)earlier["summary"]));
        Assert.StartsWith("Nadia", (string?)earlier["leadName"]);
        var withoutLead = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{anonymous}"))!;
        Assert.Null((string?)withoutLead["leadId"]);
        Assert.Equal((string?)noLead["lead"]!["email"], (string?)withoutLead["leadEmail"]);
    }
}

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
    /// An event's document leaves its lead's email and name and its subject's name to the lead and
    /// the subject, which keep the names their events showed: after a lead and a tag are renamed in
    /// Kartra (and renamed back), each event still shows the names its own ping sent, before and
    /// after a restart. A ping with none, or with no lead, shows what it sent.
    /// </summary>
    [Fact]
    public async Task Each_event_shows_the_names_its_ping_sent_after_its_lead_and_subject_are_renamed()
    {
        var app = new TestApp();
        try
        {
            async Task<string> PostAsync(JsonObject ping)
            {
                using var response = await app.PostAsync(ping.ToJsonString());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            }
            JsonObject Tag(string? email, string? firstName, string? tag)
            {
                var ping = TestPings.From("assign_tag").Lead("4", email, firstName).Details("tag", ("tag_id", 30), ("tag_name", tag));
                if (email is null) ping["lead"]!.AsObject().Remove("email");
                return ping;
            }
            var sent = new List<(string Id, string? Email, string? Tag)>
            {
                (await PostAsync(Tag("old@example.com", "Olga", "Warm")), "old@example.com", "Warm"),
                (await PostAsync(Tag("old@example.com", "Olga", "Warm")), "old@example.com", "Warm"),
                (await PostAsync(Tag("new@example.com", "Nadia", "Hot")), "new@example.com", "Hot"),
                (await PostAsync(Tag(null, "Nadia", null)), null, null),
                (await PostAsync(Tag("old@example.com", "Olga", "Warm")), "old@example.com", "Warm"),
                (await PostAsync(Tag("new@example.com", "Nadia", "Hot")), "new@example.com", "Hot"),
            };
            var noLead = TestPings.From("assign_tag").Details("tag", ("tag_id", 30), ("tag_name", "Hot"));
            noLead["lead"]!.AsObject().Remove("id");
            var anonymous = await PostAsync(noLead);

            for (var round = 0; round < 2; round++)
            {
                using var api = app.Api();
                foreach (var (id, email, tag) in sent)
                {
                    var e = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{id}"))!;
                    Assert.Equal(email, (string?)e["leadEmail"]);
                    Assert.Equal(email is null ? "Nadia Lopez" : email.StartsWith("old") ? "Olga Lopez" : "Nadia Lopez", (string?)e["leadName"]);
                    Assert.Equal(tag, (string?)e["subject"]!["name"]);
                    Assert.Equal(tag is null ? "Tag assigned: #30" : "Tag assigned: " + tag, (string?)e["summary"]);
                }
                var listed = (await api.GetFromJsonAsync<JsonObject>("/api/events?lead=4"))!["items"]!.AsArray();
                Assert.Equal(sent.Select(s => s.Email).Reverse(), listed.Select(e => (string?)e!["leadEmail"]));
                var withoutLead = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{anonymous}"))!;
                Assert.Equal((string?)noLead["lead"]!["email"], (string?)withoutLead["leadEmail"]);
                Assert.Equal("Hot", (string?)withoutLead["subject"]!["name"]);
                app = await app.Restart();
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

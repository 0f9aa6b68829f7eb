using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

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
}

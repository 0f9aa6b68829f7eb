using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Ingestion;

public class WebhookTests
{
    [Fact]
    public async Task Documentation_example_is_stored_and_listed()
    {
        await using var app = new TestApp();
        using var response = await app.PostAsync(Fixtures.Text("list_subscription_doc_example.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("list_subscription", (string?)ack!["action"]);
        Assert.False((bool)ack["duplicate"]!);

        using var api = app.Api();
        var page = await api.GetFromJsonAsync<JsonObject>("/api/events");
        Assert.Equal(1, (int)page!["total"]!);
        var item = page["items"]![0]!;
        Assert.Equal((string?)ack["id"], (string?)item["id"]);
        Assert.Equal("1", (string?)item["leadId"]);
        Assert.Equal("johndoe@gmail.com", (string?)item["leadEmail"]);
        Assert.Equal("John Doe", (string?)item["leadName"]);
        Assert.Equal("Subscribed to list: list 1", (string?)item["summary"]);
    }
}

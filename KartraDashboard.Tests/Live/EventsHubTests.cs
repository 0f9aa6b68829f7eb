using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace KartraDashboard.Tests.Live;

public class EventsHubTests
{
    private static HubConnection Connect(TestApp app, string? key) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/events"), o => o.AccessTokenProvider = () => Task.FromResult(key))
            .Build();

    [Fact]
    public async Task A_stored_ping_is_pushed_to_hub_clients_as_EventReceived()
    {
        await using var app = new TestApp();
        await using var hub = Connect(app, TestApp.ApiKey);
        var received = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonObject>("EventReceived", e => received.TrySetResult(e));
        await hub.StartAsync();

        using var response = await app.PostAsync(TestPings.From("assign_tag").Lead("31", "live@example.com").ToJsonString());
        var ack = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var pushed = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var api = app.Api();
        var listed = (await api.GetFromJsonAsync<JsonObject>("/api/events"))!["items"]![0]!;
        Assert.Equal((string?)ack["id"], (string?)pushed["id"]);
        Assert.True(JsonNode.DeepEquals(listed, pushed), $"pushed {pushed} differs from listed {listed}");
        Assert.Equal("tag", (string?)pushed["subject"]!["kind"]);
        Assert.Equal("12", (string?)pushed["subject"]!["id"]);
    }

    [Fact]
    public async Task The_hub_refuses_a_client_without_the_key()
    {
        await using var app = new TestApp();
        await using var hub = Connect(app, "not-the-key-not-the-key");
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}

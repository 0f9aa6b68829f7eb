using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace KartraDashboard.Tests.Forwarding;

public class ForwardingTests
{
    internal static async Task<JsonObject> CreateTarget(HttpClient api, string url, string[]? actions = null)
    {
        using var response = await api.PostAsJsonAsync("/api/forwarding", new { url, actions, enabled = true });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    internal static async Task<JsonArray> Deliveries(HttpClient api, string targetId, string? status = null) =>
        (await api.GetFromJsonAsync<JsonArray>($"/api/forwarding/{targetId}/deliveries" + (status is null ? "" : "?status=" + status)))!;

    /// <summary>Posts a ping and answers its event id.</summary>
    internal static async Task<string> PostPing(TestApp app, JsonObject ping)
    {
        using var response = await app.PostAsync(ping.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task<string> Post(TestApp app, byte[] body, string contentType)
    {
        using var response = await app.PostAsync(body, contentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    /// <summary>What a Standard Webhooks library does: HMAC-SHA256 of "id.timestamp.body" keyed with the secret's base64 after "whsec_".</summary>
    private static string ExpectedSignature(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    [Fact]
    public async Task A_ping_arrives_byte_for_byte_with_its_content_type_and_a_signature_that_verifies()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        using var api = app.Api();
        var target = await CreateTarget(api, receiver.At("/hooks/a?token=secret-in-url"));
        var secret = (string)target["secret"]!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        // A body as Kartra might send it: trailing comma, non-ASCII text, an odd Content-Type.
        var text = TestPings.From("assign_tag").Lead("5", firstName: "Amélie").ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var json = Encoding.UTF8.GetBytes(text[..^1] + ",}");
        var form = Encoding.UTF8.GetBytes("action=assign_tag&lead[id]=6&lead[email]=a%40b.c&action_details[tag][tag_name]=VIP");
        var jsonId = await Post(app, json, "text/plain; charset=utf-8");
        var formId = await Post(app, form, "application/x-www-form-urlencoded");

        await Receiver.Until(() => receiver.Received.Count >= 2, "two deliveries");
        var byId = receiver.Received.ToDictionary(r => r.Headers["webhook-id"]);
        Assert.Equal(json, byId[jsonId].Body);
        Assert.Equal("text/plain; charset=utf-8", byId[jsonId].ContentType);
        Assert.Equal(form, byId[formId].Body);
        Assert.Equal("application/x-www-form-urlencoded", byId[formId].ContentType);
        foreach (var (id, request) in byId)
        {
            var timestamp = request.Headers["webhook-timestamp"];
            Assert.InRange(long.Parse(timestamp), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Assert.Equal(ExpectedSignature(secret, id, timestamp, request.Body), request.Headers["webhook-signature"]);
        }
        Assert.Equal("/hooks/a", byId[jsonId].Path);

        // The list shows no secret; the log shows delivered, one attempt, the answer.
        var listed = (await api.GetFromJsonAsync<JsonArray>("/api/forwarding"))!;
        Assert.Null(listed.Single()!["secret"]);
        await Receiver.Until(() => Deliveries(api, (string)target["id"]!, "delivered").Result.Count == 2, "both logged as delivered");
        var logged = (await Deliveries(api, (string)target["id"]!)).First()!;
        Assert.Equal(1, (int)logged["attempts"]!);
        Assert.Equal(200, (int)logged["lastStatus"]!);
        Assert.Contains("answer 200", (string)logged["lastAnswer"]!);
        // The URL may carry a token: the logs name the host alone.
        Assert.DoesNotContain(app.Logs, l => l.Contains("secret-in-url") || l.Contains(secret));
    }

    [Fact]
    public async Task A_target_takes_only_its_actions_and_never_a_duplicate()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        using var api = app.Api();
        var target = await CreateTarget(api, receiver.At("/sales"), ["buy_product"]);
        await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString());
        var sale = TestPings.Sale("1", 900, 297m).ToJsonString();
        await app.PostAsync(sale);
        await app.PostAsync(sale);
        await app.PostAsync(TestPings.Sale("2", 901, 10m).ToJsonString());

        await Receiver.Until(() => Deliveries(api, (string)target["id"]!, "delivered").Result.Count == 2, "two sales delivered");
        Assert.Equal(2, (await Deliveries(api, (string)target["id"]!)).Count);
        Assert.All(receiver.Received, r => Assert.Contains("buy_product", Encoding.UTF8.GetString(r.Body)));
    }

    [Fact]
    public async Task A_target_answering_500_three_times_gets_the_event_again_each_time_and_it_is_delivered_on_the_fourth()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await Receiver.StartAsync();
        foreach (var _ in Enumerable.Range(0, 3)) receiver.Next.Enqueue(500);
        await using var app = new TestApp(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var api = app.Api();
        var target = (string)(await CreateTarget(api, receiver.At("/flaky")))["id"]!;
        var id = await Post(app, Encoding.UTF8.GetBytes(TestPings.From("assign_tag").Lead("1").ToJsonString()), "application/json");

        // The waits are the schedule's first three: 2, 5 and 15 seconds.
        foreach (var (attempt, wait) in new[] { (1, 2), (2, 5), (3, 15) })
        {
            await Receiver.Until(() => Deliveries(api, target).Result is [var only] && only!["attempts"]!.GetValue<int>() == attempt, $"attempt {attempt} written");
            var delivery = (await Deliveries(api, target)).Single()!;
            Assert.Equal("pending", (string)delivery["status"]!);
            Assert.Equal(500, (int)delivery["lastStatus"]!);
            Assert.Equal(clock.GetUtcNow().AddSeconds(wait), (DateTimeOffset)delivery["nextAttempt"]!, TimeSpan.FromMilliseconds(2));
            // Not a moment before it is due.
            clock.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(10));
            await Task.Delay(200);
            Assert.Equal(attempt, receiver.Received.Count);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        await Receiver.Until(() => Deliveries(api, target).Result is [var only] && (string)only!["status"]! == "delivered", "delivered");
        var done = (await Deliveries(api, target)).Single()!;
        Assert.Equal(4, (int)done["attempts"]!);
        Assert.Equal(200, (int)done["lastStatus"]!);
        Assert.Equal([500, 500, 500, 200], receiver.Received.Select(r => r.Answered));
        Assert.All(receiver.Received, r => Assert.Equal(id, r.Headers["webhook-id"]));
        Assert.Single(receiver.Received.Select(r => Convert.ToBase64String(r.Body)).Distinct());
    }

    [Fact]
    public async Task A_410_turns_the_target_off()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Status = 410;
        await using var app = new TestApp();
        using var api = app.Api();
        var target = (string)(await CreateTarget(api, receiver.At("/gone")))["id"]!;
        await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString());

        await Receiver.Until(() => Deliveries(api, target).Result is [var only] && (string)only!["status"]! == "failed", "the delivery given up");
        var listed = (await api.GetFromJsonAsync<JsonArray>("/api/forwarding"))!.Single()!;
        Assert.False((bool)listed["enabled"]!);
        Assert.StartsWith("410", (string)listed["disabledBy"]!);
        // A target turned off is owed nothing more.
        await app.PostAsync(TestPings.From("assign_tag").Lead("2").ToJsonString());
        Assert.Single(await Deliveries(api, target));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_slow_target_does_not_delay_another()
    {
        await using var slow = await Receiver.StartAsync();
        await using var fast = await Receiver.StartAsync();
        slow.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = new TestApp();
        using var api = app.Api();
        await CreateTarget(api, slow.At("/slow"));
        await CreateTarget(api, fast.At("/fast"));
        for (var i = 0; i < 5; i++) await app.PostAsync(TestPings.From("assign_tag").Lead($"{i}").ToJsonString());

        await Receiver.Until(() => fast.Received.Count == 5, "the fast target has all five");
        // The slow one has had its first request, still open, and nothing else.
        Assert.Equal(1, slow.Open);
        Assert.Empty(slow.Received);
        slow.Hold.SetResult();
        await Receiver.Until(() => slow.Received.Count == 5, "the slow target has all five once it answers");
    }

    [Fact]
    public async Task A_range_is_replayed_and_a_test_is_sent_on_demand()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        using var api = app.Api();
        for (var i = 0; i < 3; i++) await app.PostAsync(TestPings.From("assign_tag").Lead($"{i}").ToJsonString());
        var target = (string)(await CreateTarget(api, receiver.At("/late")))["id"]!;
        Assert.Empty(await Deliveries(api, target));

        using var replay = await api.PostAsync($"/api/forwarding/{target}/replay?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(3, (int)(await replay.Content.ReadFromJsonAsync<JsonObject>())!["owed"]!);
        await Receiver.Until(() => receiver.Received.Count == 3, "three replayed");
        Assert.Equal(["1", "2", "3"], receiver.Received.Select(r => r.Headers["webhook-id"]));

        using var test = await api.PostAsync($"/api/forwarding/{target}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        await Receiver.Until(() => receiver.Received.Count == 4, "the test");
        Assert.StartsWith("test_", receiver.Received.Last().Headers["webhook-id"]);

        using var bad = await api.PostAsync($"/api/forwarding/{target}/replay?from=yesterday", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var missing = await api.PostAsync("/api/forwarding/999/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Bad_targets_are_refused_with_a_reason_and_a_deleted_one_is_gone()
    {
        await using var app = new TestApp();
        using var api = app.Api();
        foreach (var body in new object[] { new { url = "ftp://x/y" }, new { url = "not a url" }, new { url = "http://x/", actions = Array.Empty<string>() } })
        {
            using var response = await api.PostAsJsonAsync("/api/forwarding", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var target = (string)(await CreateTarget(api, "http://127.0.0.1:9/none"))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/forwarding/{target}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/forwarding/{target}")).StatusCode);
        Assert.Empty((await api.GetFromJsonAsync<JsonArray>("/api/forwarding"))!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/forwarding")).StatusCode);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Ingestion;

/// <summary>
/// Over a thousand generated hostile bodies against the real host: none gets a 5xx, the host
/// stays up, every read route and page still answers, and what was stored before is intact.
/// </summary>
public class HostileInputTests
{
    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz", "application/octet-stream", "a/b/c;;;=", "text/html; charset=x-unknown-charset", "*/*",
    ];

    private static readonly string[] Actions =
        ["assign_tag", "buy_product", "refund_product", "list_subscription", "membership_granted", "calendar_subscribe", "filled_form", "reaches_score"];

    private static readonly string[] Nasty =
    [
        "\u0000", "\u202Eevil\u202C", "\u2067x\u2069", "\uFEFF", "\uD800", "<script>alert(1)</script>", "=cmd|' /C calc'!A0",
        "%00", "\\u0000", "../../etc/passwd", "N/A", "", " ", "0", "-0", "1e400", "NaN", "Infinity", "\u0085\u2028\u2029",
    ];

    private sealed record Body(byte[] Bytes, string ContentType, string Kind);

    /// <summary>The bodies, the same every run (a fixed seed), so a failure can be replayed.</summary>
    private static List<Body> Generate(int count)
    {
        var random = new Random(20260301);
        string Text(int max) => random.Next(4) switch
        {
            0 => Nasty[random.Next(Nasty.Length)],
            1 => new string((char)random.Next(0x20, 0x3000), random.Next(1, max)),
            2 => string.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => Nasty[random.Next(Nasty.Length)])),
            _ => Convert.ToBase64String(Encoding.UTF8.GetBytes(random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))),
        };
        JsonNode Number() => random.Next(6) switch
        {
            0 => JsonValue.Create("79228162514264337593543950335")!,
            1 => JsonValue.Create(decimal.MaxValue)!,
            2 => JsonValue.Create(decimal.MinValue)!,
            3 => JsonValue.Create(double.MaxValue)!,
            4 => JsonValue.Create("1" + new string('0', random.Next(30, 5000)))!,
            _ => JsonValue.Create(-random.NextDouble() * 1e12)!,
        };

        var bodies = new List<Body>();
        for (var i = 0; i < count; i++)
        {
            var kind = i % 10;
            var contentType = random.Next(3) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
            var ping = TestPings.From(Actions[random.Next(Actions.Length)]);
            ping["lead"]!["id"] = random.Next(3) == 0 ? Text(300) : $"h{random.Next(200)}";
            switch (kind)
            {
                case 0: // deep nesting, as JSON arrays and objects
                {
                    var depth = random.Next(10, 3000);
                    var deep = "{\"action\":\"assign_tag\",\"lead\":{\"id\":\"d\"},\"action_details\":" +
                               (random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)) + "}";
                    bodies.Add(new Body(Encoding.UTF8.GetBytes(deep), contentType, "deep JSON"));
                    continue;
                }
                case 1: // deep and huge form keys
                {
                    var key = "lead" + string.Concat(Enumerable.Repeat("[a]", random.Next(1, 2000)));
                    var form = $"action=assign_tag&{key}=1&lead[id]={Uri.EscapeDataString(Text(50))}&lead[99999999999999999999]=x&action[]=y&action_details[tag][tag_name]={Uri.EscapeDataString(Text(2000))}";
                    bodies.Add(new Body(Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded", "deep form"));
                    continue;
                }
                case 2: // huge and odd numbers where amounts, ids and scores go
                    if (ping["action_details"]?["transaction_details"] is JsonObject tx)
                        foreach (var field in new[] { "transaction_full_amount", "transaction_amount", "transaction_tax", "transaction_shipping", "transaction_id", "product_id" })
                            tx[field] = Number();
                    ping["lead"]!["score"] = Number();
                    ping["lead"]!["gdpr_lead_status"] = Number();
                    break;
                case 3: // NUL, bidi and other controls in every name
                    ping["lead"]!["first_name"] = Text(100);
                    ping["lead"]!["email"] = Text(100) + "@example.com";
                    if (random.Next(2) == 0) ping["action"] = (string)ping["action"]! + Nasty[random.Next(Nasty.Length)];
                    foreach (var (_, value) in ping["action_details"]!.AsObject())
                        if (value is JsonObject details)
                            foreach (var name in details.Select(p => p.Key).Where(k => k.EndsWith("_name", StringComparison.Ordinal)).ToList())
                                details[name] = Text(100);
                    break;
                case 4: // giant names, up to most of the body limit
                {
                    var giant = new string('n', random.Next(1_000, i % 50 == 4 ? 900_000 : 50_000));
                    ping["lead"]!["first_name"] = giant;
                    foreach (var (_, value) in ping["action_details"]!.AsObject())
                        if (value is JsonObject details)
                            foreach (var name in details.Select(p => p.Key).Where(k => k.EndsWith("_name", StringComparison.Ordinal)).ToList())
                                details[name] = giant;
                    break;
                }
                case 5: // broken UTF-8 inside an otherwise good ping
                {
                    var bytes = Encoding.UTF8.GetBytes(ping.ToJsonString()).ToList();
                    var at = bytes.IndexOf((byte)'"', random.Next(bytes.Count / 2));
                    byte[][] broken = [[0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0x00]];
                    bytes.InsertRange(at < 0 ? 0 : at + 1, broken[random.Next(broken.Length)]);
                    bodies.Add(new Body(bytes.ToArray(), contentType, "broken UTF-8"));
                    continue;
                }
                case 6: // random bytes
                {
                    var bytes = new byte[random.Next(0, 4096)];
                    random.NextBytes(bytes);
                    bodies.Add(new Body(bytes, contentType, "random bytes"));
                    continue;
                }
                case 7: // a good ping with bytes flipped
                {
                    var bytes = Encoding.UTF8.GetBytes(ping.ToJsonString());
                    for (var flips = random.Next(1, 10); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    bodies.Add(new Body(bytes, contentType, "flipped bytes"));
                    continue;
                }
                case 8: // wrong shapes: arrays, strings and numbers where objects go
                    ping["lead"] = random.Next(3) switch { 0 => new JsonArray(1, 2), 1 => "lead", _ => 42 };
                    ping["action_details"] = random.Next(2) == 0 ? new JsonArray(new JsonObject { ["x"] = Text(10) }) : JsonValue.Create(Text(10));
                    break;
                default: // the JSON in a form field, under an odd content type
                {
                    var form = "payload=" + Uri.EscapeDataString(ping.ToJsonString()) + "&" + Uri.EscapeDataString(Text(20)) + "=" + Uri.EscapeDataString(Text(20));
                    bodies.Add(new Body(Encoding.UTF8.GetBytes(form), contentType, "JSON in a form"));
                    continue;
                }
            }
            bodies.Add(new Body(Encoding.UTF8.GetBytes(ping.ToJsonString()), contentType, "odd values"));
        }
        return bodies;
    }

    [Fact]
    public async Task A_thousand_hostile_bodies_get_no_5xx_and_leave_the_host_up_and_earlier_events_intact()
    {
        await using var app = new TestApp();
        using var api = app.Api();

        // What was there before.
        var earlier = new List<(string Id, JsonObject Event)>();
        foreach (var ping in new[] { TestPings.Sale("e1", 1, 97.10m), TestPings.From("assign_tag").Lead("e2", "before@example.com"), TestPings.Refund("e1", 2, 10m) })
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            earlier.Add((id, (await api.GetFromJsonAsync<JsonObject>("/api/events/" + id))!));
        }
        var revenueBefore = (await api.GetFromJsonAsync<JsonObject>("/api/revenue?from=2026-03-10&to=2026-03-11"))!;

        var bodies = Generate(1_200);
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var stored = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(bodies.Select((b, i) => (b, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var (body, index) = item;
            using var client = app.CreateClient();
            using var content = new ByteArrayContent(body.Bytes);
            if (MediaTypeHeaderValue.TryParse(body.ContentType, out var type)) content.Headers.ContentType = type;
            else content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            using var response = await client.PostAsync("/webhooks/kartra/" + TestApp.Token, content);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500) failures.Add($"#{index} ({body.Kind}, {body.ContentType}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.OK) stored.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 100, "Too few hostile bodies were taken as pings to test reading them: " + string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 100, "Too few were refused: " + string.Join(", ", statuses));

        // The host is up, every read route answers over what was stored, and the earlier events are as they were.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz")).StatusCode);
        foreach (var route in new[] { "/api/events?take=500", "/api/leads?take=500", "/api/revenue", "/api/transactions?take=500", "/api/transactions.csv", "/api/gdpr", "/api/quarantine?take=500", "/api/leads?search=%00" })
        {
            using var response = await api.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode}");
        }
        foreach (var id in stored.Take(200))
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/events/" + id)).StatusCode);
        foreach (var (id, before) in earlier)
            Assert.True(JsonNode.DeepEquals(before, await api.GetFromJsonAsync<JsonObject>("/api/events/" + id)), $"event {id} changed");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/leads/e2")).StatusCode);
        Assert.True(JsonNode.DeepEquals(revenueBefore, await api.GetFromJsonAsync<JsonObject>("/api/revenue?from=2026-03-10&to=2026-03-11")));

        // The pages render it as well.
        using var browser = app.Browser();
        (await TestApp.SignInAsync(browser, TestApp.Password)).Dispose();
        foreach (var page in new[] { "/", "/timeline", "/leads", "/revenue", "/transactions", "/gdpr", "/quarantine", "/leads/h1" })
        {
            using var response = await browser.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
        }
    }
}

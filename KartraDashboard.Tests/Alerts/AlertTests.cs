using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using KartraDashboard.Tests.Forwarding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace KartraDashboard.Tests.Alerts;

public class AlertTests
{
    private const string PublicUrl = "https://kartra.example.com";

    internal static async Task<string> CreateRule(HttpClient api, object rule)
    {
        using var response = await api.PostAsJsonAsync("/api/alerts", rule);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    internal static async Task<JsonArray> Deliveries(HttpClient api, string ruleId) =>
        (await api.GetFromJsonAsync<JsonArray>($"/api/alerts/{ruleId}/deliveries"))!;

    private static string Sale(string lead, long tx, decimal amount, string product = "Coaching Pack", string date = "2026-03-10 12:00:00")
    {
        var ping = TestPings.Sale(lead, tx, amount, product: product, productId: product == "Coaching Pack" ? "42" : "43", date: date).Lead(lead, firstName: "Amélie");
        ping["lead"]!["last_name"] = "Dupont";
        return ping.ToJsonString();
    }

    [Fact]
    public async Task A_sale_over_the_minimum_is_told_in_one_line_with_a_link_on_a_webhook_slack_and_discord()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp(new() { ["Dashboard:PublicUrl"] = PublicUrl });
        using var api = app.Api();
        var rule = new { name = "Big sales", type = "event", actions = new[] { "buy_product" }, product = "Coaching Pack", minAmount = 100m };
        var webhook = await CreateRule(api, new { rule.name, rule.type, rule.actions, rule.product, rule.minAmount, channel = new { type = "webhook", url = receiver.At("/webhook") } });
        await CreateRule(api, new { rule.name, rule.type, rule.actions, rule.product, rule.minAmount, channel = new { type = "slack", url = receiver.At("/slack") } });
        await CreateRule(api, new { rule.name, rule.type, rule.actions, rule.product, rule.minAmount, channel = new { type = "discord", url = receiver.At("/discord") } });

        await app.PostAsync(Sale("1", 1, 50m));                       // under the minimum
        await app.PostAsync(Sale("1", 2, 500m, product: "Ebook"));     // another product
        await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString());
        using var sale = await app.PostAsync(Sale("1", 3, 297m));
        var eventId = (string)(await sale.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        await Receiver.Until(() => receiver.Received.Count == 3, "three alerts");
        const string line = "Sale: Coaching Pack, $297.00, Amélie Dupont";
        var link = $"{PublicUrl}/leads/1";
        var byPath = receiver.Received.ToDictionary(x => x.Path, x => JsonNode.Parse(x.Body)!);
        Assert.Equal("Big sales", (string)byPath["/webhook"]["rule"]!);
        Assert.Equal(line, (string)byPath["/webhook"]["text"]!);
        Assert.Equal(link, (string)byPath["/webhook"]["link"]!);
        Assert.Equal(eventId, (string)byPath["/webhook"]["event"]!["id"]!);
        Assert.Equal("buy_product", (string)byPath["/webhook"]["event"]!["action"]!);
        Assert.Equal($"{line}\n{link}", (string)byPath["/slack"]["text"]!);
        Assert.Equal($"{line}\n{link}", (string)byPath["/discord"]["content"]!);
        Assert.Single(await Deliveries(api, webhook));
    }

    [Fact]
    public async Task A_refund_compares_its_absolute_value_and_is_emailed_over_smtp()
    {
        await using var smtp = new SmtpReceiver();
        await using var app = new TestApp(new()
        {
            ["Dashboard:PublicUrl"] = PublicUrl,
            ["Dashboard:Currency"] = "EUR",
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = smtp.Port.ToString(),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:From"] = "dashboard@example.com",
        });
        using var api = app.Api();
        var rule = await CreateRule(api, new { name = "Refunds", type = "event", actions = new[] { "refund_product" }, minAmount = 100m, channel = new { type = "email", to = "owner@example.com" } });
        var refund = TestPings.Refund("7", 9, -150m, product: "Coaching Pack").Lead("7", firstName: "Amélie");
        refund["lead"]!["last_name"] = "Dupont";
        await app.PostAsync(refund.ToJsonString());

        await Receiver.Until(() => !smtp.Messages.IsEmpty, "the email");
        var message = smtp.Messages.Single();
        Assert.Equal("Refund: Coaching Pack, €150.00, Amélie Dupont", message.Subject);
        Assert.Equal("owner@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal("dashboard@example.com", message.From.Mailboxes.Single().Address);
        Assert.Contains($"{PublicUrl}/leads/7", message.TextBody);
        await Receiver.Until(() => Deliveries(api, rule).Result is [var only] && (string)only!["status"]! == "delivered", "logged as delivered");
    }

    [Fact]
    public async Task Silence_is_told_once_after_the_hours_and_once_more_when_pings_resume()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var api = app.Api();
        var rule = await CreateRule(api, new { name = "Quiet", type = "silence", hours = 2, channel = new { type = "slack", url = receiver.At("/slack") } });

        clock.Advance(TimeSpan.FromMinutes(119));
        await Task.Delay(300);
        Assert.Empty(receiver.Received);
        clock.Advance(TimeSpan.FromMinutes(2));
        await Receiver.Until(() => receiver.Received.Count == 1, "the silence told");
        Assert.StartsWith("No ping from Kartra for 2 hours", (string)JsonNode.Parse(receiver.Received.Single().Body)!["text"]!);

        // Still silent: not told again.
        clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(300);
        Assert.Single(receiver.Received);

        await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString());
        clock.Advance(TimeSpan.FromMinutes(1));
        await Receiver.Until(() => receiver.Received.Count == 2, "the resumption told");
        Assert.StartsWith("Pings from Kartra have resumed", (string)JsonNode.Parse(receiver.Received.Last().Body)!["text"]!);
        Assert.Equal(2, (await Deliveries(api, rule)).Count);
    }

    [Fact]
    public async Task A_daily_digest_is_sent_at_eight_with_the_day_before()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 07:30 in New York on 2026-03-11: the digest of the 10th is due at 08:00.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 11, 7, 30, 0, zone.GetUtcOffset(new DateTime(2026, 3, 11, 7, 30, 0))));
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var api = app.Api();
        await app.PostAsync(Sale("1", 1, 297m));
        await app.PostAsync(Sale("2", 2, 100m, product: "Ebook"));
        await app.PostAsync(TestPings.Refund("1", 3, 50m, product: "Coaching Pack", productId: "42", date: "2026-03-10 15:00:00").ToJsonString());
        await CreateRule(api, new { name = "Daily", type = "digest", every = "day", channel = new { type = "discord", url = receiver.At("/discord") } });

        clock.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(300);
        Assert.Empty(receiver.Received);
        clock.Advance(TimeSpan.FromMinutes(1));
        await Receiver.Until(() => receiver.Received.Count == 1, "the digest");
        var text = (string)JsonNode.Parse(receiver.Received.Single().Body)!["content"]!;
        Assert.Equal("Daily digest 2026-03-10: sales 2 ($397.00), refunds 1 ($50.00), net $347.00, new leads 0; top products: Coaching Pack $247.00, Ebook $100.00", text);

        // Once a day only.
        clock.Advance(TimeSpan.FromHours(12));
        await Task.Delay(300);
        Assert.Single(receiver.Received);
        clock.Advance(TimeSpan.FromHours(12));
        await Receiver.Until(() => receiver.Received.Count == 2, "the next day's digest");
    }

    [Fact]
    public async Task Bad_rules_are_refused_with_a_reason_and_a_test_is_sent_on_demand()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var app = new TestApp();
        using var api = app.Api();
        foreach (var body in new object[]
        {
            new { type = "event", channel = new { type = "slack", url = "http://x/" } },
            new { name = "n", type = "event", channel = new { type = "pager", url = "http://x/" } },
            new { name = "n", type = "silence", hours = 0, channel = new { type = "slack", url = "http://x/" } },
            new { name = "n", type = "digest", every = "month", channel = new { type = "slack", url = "http://x/" } },
            new { name = "n", type = "event", channel = new { type = "email", to = "owner@example.com" } },
            new { name = "n", type = "other", channel = new { type = "slack", url = "http://x/" } },
        })
        {
            using var response = await api.PostAsJsonAsync("/api/alerts", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        var rule = await CreateRule(api, new { name = "All", type = "event", actions = (string[]?)null, channel = new { type = "webhook", url = receiver.At("/any") } });
        using var test = await api.PostAsync($"/api/alerts/{rule}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        await Receiver.Until(() => receiver.Received.Count == 1, "the test alert");
        Assert.Contains("Test alert", Encoding.UTF8.GetString(receiver.Received.Single().Body));
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/alerts/{rule}")).StatusCode);
        Assert.Empty((await api.GetFromJsonAsync<JsonArray>("/api/alerts"))!);
    }
}

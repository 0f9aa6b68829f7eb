using System.Net;
using System.Net.Http.Json;
using System.Text;
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
        Assert.EndsWith("+00:00", (string?)item["receivedAt"]);
    }

    [Fact]
    public async Task Raw_body_is_kept_byte_for_byte()
    {
        await using var app = new TestApp();
        var body = Fixtures.Text("list_subscription_doc_example.json");
        using var response = await app.PostAsync(body, "text/plain");
        var id = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"];

        using var api = app.Api();
        var detail = await api.GetFromJsonAsync<JsonObject>($"/api/events/{id}");
        Assert.Equal(body, (string?)detail!["raw"]);
        Assert.Null(detail["rawEncoding"]);
    }

    [Fact]
    public async Task Every_documented_action_is_accepted_with_its_summary()
    {
        await using var app = new TestApp();
        foreach (var action in KartraDashboard.Ingestion.ActionCatalog.All)
        {
            using var response = await app.PostAsync(Fixtures.Text($"actions/{action.Name}.json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var api = app.Api();
        var page = await api.GetFromJsonAsync<JsonObject>("/api/events?take=100");
        Assert.Equal(25, (int)page!["total"]!);
        var actions = page["items"]!.AsArray().Select(i => (string)i!["action"]!).ToHashSet();
        Assert.Equal(KartraDashboard.Ingestion.ActionCatalog.All.Select(a => a.Name).ToHashSet(), actions);
        Assert.All(page["items"]!.AsArray(), i => Assert.False(string.IsNullOrWhiteSpace((string?)i!["summary"])));
    }

    [Fact]
    public async Task Form_encoded_body_with_php_keys_is_a_ping()
    {
        await using var app = new TestApp();
        var form = "action=assign_tag&lead%5Bid%5D=42&lead%5Bemail%5D=ana%40example.com&lead%5Bfirst_name%5D=Ana" +
                   "&action_details%5Btag%5D%5Btag_id%5D=9&action_details%5Btag%5D%5Btag_name%5D=VIP";
        using var response = await app.PostAsync(form, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var api = app.Api();
        var lead = await api.GetFromJsonAsync<JsonObject>("/api/leads/42");
        Assert.Equal("ana@example.com", (string?)lead!["email"]);
        Assert.Equal("VIP", (string?)lead["tags"]![0]!["name"]);
    }

    [Theory]
    [InlineData("""{"action":"assign_tag"}""", "application/x-www-form-urlencoded")]
    [InlineData("action=assign_tag", "application/json")]
    public async Task A_body_is_read_as_what_it_is_whatever_its_content_type_says(string body, string contentType)
    {
        await using var app = new TestApp();

        using var response = await app.PostAsync(body, contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("assign_tag", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["action"]);
    }

    [Fact]
    public async Task Form_field_holding_the_json_is_a_ping()
    {
        await using var app = new TestApp();
        var json = TestPings.From("assign_tag").Lead("7").ToJsonString();
        using var response = await app.PostAsync("payload=" + Uri.EscapeDataString(json), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("assign_tag", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["action"]);
    }

    [Fact]
    public async Task Unknown_action_is_kept_and_shown_generically()
    {
        await using var app = new TestApp();
        var ping = TestPings.From("assign_tag").Lead("3");
        ping["action"] = "lead_teleported";
        ping["action_details"] = new JsonObject { ["portal"] = new JsonObject { ["portal_name"] = "North" } };
        using var response = await app.PostAsync(ping.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var api = app.Api();
        var page = await api.GetFromJsonAsync<JsonObject>("/api/events?action=lead_teleported");
        Assert.Equal(1, (int)page!["total"]!);
        Assert.Contains("lead teleported", (string?)page["items"]![0]!["summary"]);
    }

    [Theory]
    [InlineData("{\"lead\":{\"id\":1}", "not valid JSON")]
    [InlineData("[1,2,3]", "not an object")]
    [InlineData("{\"lead\":{\"id\":1},\"action\":5}", "action")]
    [InlineData("{\"lead\":{\"id\":1}}", "action")]
    [InlineData("just some words", "neither JSON nor a form")]
    public async Task Body_that_is_not_a_ping_gets_400_and_is_kept_in_quarantine(string body, string reasonPart)
    {
        await using var app = new TestApp();
        using var response = await app.PostAsync(body, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(reasonPart, (string?)problem!["detail"], StringComparison.OrdinalIgnoreCase);

        using var api = app.Api();
        var quarantine = await api.GetFromJsonAsync<JsonObject>("/api/quarantine");
        Assert.Equal(1, (int)quarantine!["total"]!);
        var id = (string?)quarantine["items"]![0]!["id"];
        Assert.Equal((string?)problem["quarantineId"], id);
        var kept = await api.GetFromJsonAsync<JsonObject>($"/api/quarantine/{id}");
        Assert.Equal(body, (string?)kept!["raw"]);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
    }

    [Fact]
    public async Task Body_that_is_not_utf8_is_kept_and_shown_as_base64()
    {
        await using var app = new TestApp();
        byte[] body = [0x7b, 0xff, 0xfe, 0x00, 0x80];
        using var response = await app.PostAsync(body, "application/octet-stream");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var api = app.Api();
        var kept = await api.GetFromJsonAsync<JsonObject>("/api/quarantine/1");
        Assert.Equal("base64", (string?)kept!["rawEncoding"]);
        Assert.Equal(body, Convert.FromBase64String((string)kept["raw"]!));
    }

    [Fact]
    public async Task Quarantined_body_can_be_reprocessed_once_it_parses()
    {
        await using var app = new TestApp();
        // A body cut short is kept; re-processing it as it is fails again with its reason.
        using var first = await app.PostAsync("{\"action\":\"assign_tag\",\"lead\":{\"id\":\"8\"");
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        using var api = app.Api();
        using var again = await api.PostAsync("/api/quarantine/1/reprocess", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("JSON", (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
        using var missing = await api.PostAsync("/api/quarantine/99/reprocess", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Wrong_token_gets_404_and_nothing_is_stored()
    {
        await using var app = new TestApp();
        using var response = await app.PostAsync(Fixtures.Text("actions/assign_tag.json"), token: "not-the-token");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var big = await app.PostAsync(new string('x', 2 * 1024 * 1024), token: "not-the-token");
        Assert.Equal(HttpStatusCode.NotFound, big.StatusCode);

        using var api = app.Api();
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/quarantine"))!["total"]!);
    }

    [Fact]
    public async Task Body_over_one_mebibyte_gets_413_before_its_content_is_judged()
    {
        await using var app = new TestApp();
        using var tooBig = await app.PostAsync("not json " + new string('x', 1024 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);

        // Exactly at the limit is still read and judged on its content.
        var padded = TestPings.From("assign_tag").Lead("1");
        padded["padding"] = "";
        var size = Encoding.UTF8.GetByteCount(padded.ToJsonString());
        padded["padding"] = new string('p', 1024 * 1024 - size);
        using var atLimit = await app.PostAsync(padded.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task Duplicate_purchase_is_kept_marked_and_counted_once()
    {
        await using var app = new TestApp();
        var sale = TestPings.Sale("11", transactionId: 5001, amount: 97.00m).ToJsonString();
        using var first = await app.PostAsync(sale);
        using var second = await app.PostAsync(sale);
        Assert.False((bool)(await first.Content.ReadFromJsonAsync<JsonObject>())!["duplicate"]!);
        Assert.True((bool)(await second.Content.ReadFromJsonAsync<JsonObject>())!["duplicate"]!);

        using var api = app.Api();
        var events = await api.GetFromJsonAsync<JsonObject>("/api/events");
        Assert.Equal(2, (int)events!["total"]!);
        var revenue = await api.GetFromJsonAsync<JsonObject>("/api/revenue");
        Assert.Equal(1, (int)revenue!["sales"]!["count"]!);
        Assert.Equal(97.00m, (decimal)revenue["sales"]!["amount"]!);
        var transactions = await api.GetFromJsonAsync<JsonObject>("/api/transactions");
        Assert.Equal(1, (int)transactions!["total"]!);
        var lead = await api.GetFromJsonAsync<JsonObject>("/api/leads/11");
        Assert.Equal(97.00m, (decimal)lead!["spent"]!);

        // The same transaction id under another action is a different transaction.
        using var refund = await app.PostAsync(TestPings.Refund("11", transactionId: 5001, amount: 97.00m).ToJsonString());
        Assert.False((bool)(await refund.Content.ReadFromJsonAsync<JsonObject>())!["duplicate"]!);
    }

    [Fact]
    public async Task Transactions_without_an_id_are_never_taken_for_duplicates()
    {
        await using var app = new TestApp();
        var sale = TestPings.Sale("12", transactionId: 0, amount: 10m).ToJsonString();
        using var first = await app.PostAsync(sale);
        using var second = await app.PostAsync(sale);
        Assert.False((bool)(await second.Content.ReadFromJsonAsync<JsonObject>())!["duplicate"]!);
        using var api = app.Api();
        Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!["sales"]!["count"]!);
    }

    [Fact]
    public async Task The_same_purchase_sent_many_times_at_once_counts_once()
    {
        await using var app = new TestApp();
        var sale = TestPings.Sale("13", transactionId: 9001, amount: 30m).ToJsonString();
        var acks = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await app.PostAsync(sale);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }));
        Assert.Single(acks, a => !(bool)a["duplicate"]!);
        using var api = app.Api();
        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(1, (int)revenue["sales"]!["count"]!);
        Assert.Equal(30m, (decimal)revenue["sales"]!["amount"]!);
    }

    [Fact]
    public async Task A_stored_lead_id_names_that_lead_alone_while_other_text_matches_email_and_name_in_part()
    {
        await using var app = new TestApp();
        foreach (var (id, email) in new[] { ("1", "first@example.com"), ("10", "ten@example.com"), ("21", "user1@example.com") })
            (await app.PostAsync(TestPings.From("assign_tag").Lead(id, email, "Same").ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();
        async Task<IEnumerable<string>> LeadsOf(string lead) =>
            (await api.GetFromJsonAsync<JsonObject>("/api/events?lead=" + lead))!["items"]!.AsArray().Select(i => (string)i!["leadId"]!);

        // Lead 1 alone: neither lead 21's email "user1@…" nor lead 10's id holds it then.
        Assert.Equal(["1"], await LeadsOf("1"));
        Assert.Equal(["21"], await LeadsOf("user1"));
        Assert.Equal(["21", "10", "1"], await LeadsOf("example"));
        Assert.Empty(await LeadsOf("2"));
    }

    [Fact]
    public async Task Overlong_values_get_a_clear_answer_and_never_a_server_error()
    {
        await using var app = new TestApp();
        var longText = string.Concat(Enumerable.Repeat("ü🙂x", 400));

        var longAction = TestPings.From("assign_tag").Lead("1");
        longAction["action"] = longText;
        using var action = await app.PostAsync(longAction.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, action.StatusCode);
        Assert.Contains("action", (string?)(await action.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);

        using var leadId = await app.PostAsync(TestPings.From("assign_tag").Lead(longText).ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, leadId.StatusCode);

        // Long text where Kartra puts free text is stored as it came.
        var longFields = TestPings.Sale("2", 77, 5m).Lead("2", email: longText + "@example.com", firstName: longText)
            .Transaction(("transaction_type", longText), ("product_name", longText));
        longFields["action_details"]!["transaction_details"]!["transaction_type"] = longText;
        using var fields = await app.PostAsync(longFields.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, fields.StatusCode);
        using var tag = await app.PostAsync(TestPings.From("assign_tag").Lead("3").Details("tag", ("tag_name", longText)).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, tag.StatusCode);

        using var api = app.Api();
        Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
        Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/quarantine"))!["total"]!);
        Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads?search=" + Uri.EscapeDataString("ü🙂xü")))!["total"]!);
    }
}

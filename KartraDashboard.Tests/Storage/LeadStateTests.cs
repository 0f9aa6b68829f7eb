using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Storage;

public class LeadStateTests
{
    [Fact]
    public async Task Gdpr_counts_each_lead_once_by_its_latest_snapshot()
    {
        await using var app = new TestApp();
        var pings = new[]
        {
            TestPings.From("assign_tag").Lead("1", gdpr: 2, communications: 0),
            TestPings.From("assign_tag").Lead("2", gdpr: 3, communications: 1),
            TestPings.From("assign_tag").Lead("3", gdpr: 2, communications: 0),
            // Lead 2 accepts later: only its latest status counts.
            TestPings.From("list_subscription").Lead("2", gdpr: 2, communications: 0),
            TestPings.From("assign_tag").Lead("4", gdpr: 5),
        };
        var noStatus = TestPings.From("assign_tag").Lead("5");
        noStatus["lead"]!.AsObject().Remove("gdpr_lead_status");
        noStatus["lead"]!.AsObject().Remove("gdpr_lead_communications");
        foreach (var p in pings.Append(noStatus)) (await app.PostAsync(p.ToJsonString())).EnsureSuccessStatusCode();

        using var api = app.Api();
        var g = (await api.GetFromJsonAsync<JsonObject>("/api/gdpr"))!;
        var byStatus = g["byStatus"]!.AsArray().ToDictionary(s => (int)s!["status"]!, s => ((string)s!["label"]!, (int)s["leads"]!));
        Assert.Equal(6, byStatus.Count);
        Assert.Equal(("accepted", 3), byStatus[2]);
        Assert.Equal(("not accepted", 0), byStatus[3]);
        Assert.Equal(("pending", 1), byStatus[5]);
        Assert.Equal(("off", 0), byStatus[0]);
        Assert.Equal(1, (int)g["noStatus"]!);
        // The fixture's lead 4 keeps its communications flag from the fixture (0 = agreed).
        Assert.Equal(4, (int)g["communications"]!["agreed"]!);
        Assert.Equal(0, (int)g["communications"]!["notAgreed"]!);
        Assert.Equal(1, (int)g["communications"]!["unknown"]!);

        var accepted = (await api.GetFromJsonAsync<JsonObject>("/api/leads?gdpr=2"))!;
        Assert.Equal(3, (int)accepted["total"]!);
        Assert.Equal(["2", "3", "1"], accepted["items"]!.AsArray().Select(l => (string)l!["leadId"]!));
        // A first page of one is read along the latest-activity index (3 of 5 leads hold the
        // status); the next, which would load more leads that way, from the status's own range.
        foreach (var (query, lead) in new[] { ("take=1", "2"), ("skip=1&take=1", "3"), ("skip=2&take=1", "1") })
        {
            var page = (await api.GetFromJsonAsync<JsonObject>("/api/leads?gdpr=2&" + query))!;
            Assert.Equal(3, (int)page["total"]!);
            Assert.Equal([lead], page["items"]!.AsArray().Select(l => (string)l!["leadId"]!));
        }
    }

    [Fact]
    public async Task Lead_shows_what_its_events_imply_now()
    {
        await using var app = new TestApp();
        var pings = new[]
        {
            TestPings.From("assign_tag").Lead("9").Details("tag", ("tag_id", 1), ("tag_name", "VIP")),
            TestPings.From("assign_tag").Lead("9").Details("tag", ("tag_id", 2), ("tag_name", "Lead magnet")),
            TestPings.From("unassign_tag").Lead("9").Details("tag", ("tag_id", 2), ("tag_name", "Lead magnet")),
            TestPings.From("list_subscription").Lead("9").Details("list", ("list_id", 4), ("list_name", "Newsletter")),
            TestPings.From("list_unsubscription").Lead("9").Details("list", ("list_id", 4), ("list_name", "Newsletter")),
            TestPings.From("sequence_subscription").Lead("9").Details("sequence", ("sequence_id", 5), ("sequence_name", "Onboarding")),
            TestPings.From("sequence_completion").Lead("9").Details("sequence", ("sequence_id", 5), ("sequence_name", "Onboarding")),
            TestPings.From("membership_granted").Lead("9").Details("membership", ("membership_id", 6), ("membership_name", "Club"), ("level_id", 1), ("level_name", "Silver")),
            TestPings.From("membership_granted").Lead("9").Details("membership", ("membership_id", 6), ("membership_name", "Club"), ("level_id", 2), ("level_name", "Gold")),
            TestPings.From("membership_revoked").Lead("9").Details("membership", ("membership_id", 6), ("membership_name", "Club"), ("level_id", 1), ("level_name", "Silver")),
            TestPings.From("calendar_subscribe").Lead("9").Details("calendar", ("calendar_id", 7), ("calendar_name", "Coaching"), ("class_id", 8), ("class_name", "Intro call")),
            TestPings.From("calendar_complete").Lead("9").Details("calendar", ("calendar_id", 7), ("calendar_name", "Coaching"), ("class_id", 8), ("class_name", "Intro call")),
        };
        foreach (var p in pings) (await app.PostAsync(p.ToJsonString())).EnsureSuccessStatusCode();

        using var api = app.Api();
        var lead = (await api.GetFromJsonAsync<JsonObject>("/api/leads/9"))!;
        Assert.Equal(["VIP"], lead["tags"]!.AsArray().Select(t => (string)t!["name"]!));
        Assert.Equal("unsubscribed", (string?)lead["lists"]![0]!["state"]);
        Assert.Equal("completed", (string?)lead["sequences"]![0]!["state"]);
        var levels = lead["memberships"]!.AsArray().ToDictionary(m => (string)m!["levelName"]!, m => (string)m!["state"]!);
        Assert.Equal(new Dictionary<string, string> { ["Silver"] = "revoked", ["Gold"] = "granted" }, levels);
        Assert.Equal("attended", (string?)lead["calendars"]![0]!["state"]);
        Assert.Equal("Intro call", (string?)lead["calendars"]![0]!["className"]);
        Assert.Equal(12, lead["latestEvents"]!.AsArray().Count);
        Assert.Equal((string?)TestPings.From("calendar_complete")["lead"]!["first_name"], (string?)lead["snapshot"]!["first_name"]);
        Assert.NotNull(lead["snapshot"]!["custom_fields"]);
    }

    [Fact]
    public async Task A_reprocessed_old_ping_never_overwrites_a_newer_snapshot()
    {
        await using var app = new TestApp();
        // A body kept in quarantine (as an older version of the parser would have) that parses today.
        var old = System.Text.Encoding.UTF8.GetBytes(TestPings.From("assign_tag").Lead("20", "old@example.com", gdpr: 3).ToJsonString());
        await app.Service<KartraDashboard.Storage.StoreWriter>().QuarantineAsync(old, "application/json", null, "kept for a test");
        await Task.Delay(20);
        (await app.PostAsync(TestPings.From("assign_tag").Lead("20", "new@example.com", gdpr: 2).ToJsonString())).EnsureSuccessStatusCode();

        using var api = app.Api();
        using var reprocess = await api.PostAsync("/api/quarantine/1/reprocess", null);
        reprocess.EnsureSuccessStatusCode();
        var created = (await reprocess.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("assign_tag", (string?)created["action"]);

        var lead = (await api.GetFromJsonAsync<JsonObject>("/api/leads/20"))!;
        Assert.Equal("new@example.com", (string?)lead["email"]);
        Assert.Equal(2, (int)lead["events"]!);
        var gdpr = (await api.GetFromJsonAsync<JsonObject>("/api/gdpr"))!;
        Assert.Equal(1, (int)gdpr["byStatus"]![2]!["leads"]!);
        Assert.Equal(0, (int)gdpr["byStatus"]![3]!["leads"]!);

        var kept = (await api.GetFromJsonAsync<JsonObject>("/api/quarantine/1"))!;
        Assert.Equal((string?)created["id"], (string?)kept["reprocessedAs"]);
        using var twice = await api.PostAsync("/api/quarantine/1/reprocess", null);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, twice.StatusCode);
    }
}

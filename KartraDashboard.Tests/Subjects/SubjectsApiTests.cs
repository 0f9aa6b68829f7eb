using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Subjects;

public class SubjectsApiTests
{
    private static JsonObject Tag(string action, string lead, int tagId, string name = "VIP") =>
        TestPings.From(action).Lead(lead).Details("tag", ("tag_id", tagId), ("tag_name", name));

    private static JsonObject List(string action, string lead, int listId = 9) =>
        TestPings.From(action).Lead(lead).Details("list", ("list_id", listId), ("list_name", "Newsletter"));

    private static JsonObject Sequence(string action, string lead) =>
        TestPings.From(action).Lead(lead).Details("sequence", ("sequence_id", 3), ("sequence_name", "Welcome"));

    private static JsonObject Membership(string action, string lead, int level) =>
        TestPings.From(action).Lead(lead).Details("membership", ("membership_id", 4), ("membership_name", "Gold Club"), ("level_id", level), ("level_name", $"Level {level}"));

    /// <summary>A hand-written account: every figure below is worked out by hand from these pings.</summary>
    public static readonly JsonObject[] Story =
    [
        Tag("assign_tag", "1", 5),
        Tag("assign_tag", "2", 5),
        Tag("unassign_tag", "1", 5),
        Tag("assign_tag", "1", 5, "VIP customers"), // re-assigned, and renamed in Kartra meanwhile
        Tag("assign_tag", "3", 50, "VIP 50"),
        List("list_subscription", "1"),
        List("list_unsubscription", "1"),
        List("list_subscription", "1"), // left and re-joined
        List("list_subscription", "2"),
        List("list_unsubscription", "2"),
        Sequence("sequence_subscription", "1"),
        Sequence("sequence_subscription", "2"),
        Sequence("sequence_completion", "1"),
        TestPings.Sale("1", 100, 97m, productId: "7"),
        TestPings.Sale("1", 100, 97m, productId: "7"), // the same purchase sent again: not counted
        Membership("membership_granted", "1", 1),
        Membership("membership_granted", "2", 2),
        Membership("membership_revoked", "2", 2),
        TestPings.From("filled_form").Lead("2"),
    ];

    internal static async Task PostAllAsync(TestApp app, IEnumerable<JsonObject> pings)
    {
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
    }

    private static JsonObject Find(JsonObject page, string id) =>
        page["items"]!.AsArray().Single(i => (string?)i!["id"] == id)!.AsObject();

    private static Dictionary<string, long> Counts(JsonNode item) =>
        item["counts"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!);

    [Fact]
    public async Task Counts_and_current_follow_the_pings_and_survive_a_restart()
    {
        var app = new TestApp();
        try
        {
            await PostAllAsync(app, Story);
            await AssertFigures(app);
            app = await app.Restart();
            await AssertFigures(app);
        }
        finally { await app.DisposeAsync(); }
    }

    internal static async Task AssertFigures(TestApp app)
    {
        using var api = app.Api();
        var tags = (await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=tag"))!;
        Assert.Equal(2, (int)tags["total"]!);
        // Busiest first: tag 5 has four events, tag 50 one.
        Assert.Equal(["5", "50"], tags["items"]!.AsArray().Select(i => (string?)i!["id"]));
        var vip = Find(tags, "5");
        Assert.Equal("VIP customers", (string?)vip["name"]);
        Assert.Equal(new Dictionary<string, long> { ["assign_tag"] = 3, ["unassign_tag"] = 1 }, Counts(vip));
        Assert.Equal(2, (long)vip["current"]!);
        Assert.Equal(1, (long)Find(tags, "50")["current"]!);

        var list = Find((await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=list"))!, "9");
        Assert.Equal(new Dictionary<string, long> { ["list_subscription"] = 3, ["list_unsubscription"] = 2 }, Counts(list));
        Assert.Equal(1, (long)list["current"]!);

        var sequence = Find((await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=sequence"))!, "3");
        Assert.Equal(new Dictionary<string, long> { ["sequence_subscription"] = 2, ["sequence_completion"] = 1 }, Counts(sequence));
        Assert.Equal(1, (long)sequence["current"]!);

        var product = Find((await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=product"))!, "7");
        Assert.Equal(new Dictionary<string, long> { ["buy_product"] = 1 }, Counts(product));
        Assert.Null(product["current"]);

        var form = Find((await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=form"))!, "5");
        Assert.Equal("Contact us", (string?)form["name"]);

        var gold = (await api.GetFromJsonAsync<JsonObject>("/api/subjects/membership/4"))!;
        Assert.Equal(1, (long)gold["current"]!);
        Assert.Equal(new Dictionary<string, long> { ["membership_granted"] = 2, ["membership_revoked"] = 1 }, Counts(gold));
        var levels = gold["parts"]!.AsArray();
        Assert.Equal(1, (long)levels.Single(p => (string?)p!["id"] == "1")!["current"]!);
        Assert.Equal(0, (long)levels.Single(p => (string?)p!["id"] == "2")!["current"]!);
        var day = Assert.Single(gold["byDay"]!.AsArray());
        Assert.Equal(3, Counts(day!).Values.Sum());

        var events = (await api.GetFromJsonAsync<JsonObject>("/api/events?subject=tag:5"))!;
        Assert.Equal(4, (int)events["total"]!);
        Assert.All(events["items"]!.AsArray(), e => Assert.Equal("5", (string?)e!["subject"]!["id"]));
        var removed = (await api.GetFromJsonAsync<JsonObject>("/api/events?subject=tag:5&action=unassign_tag"))!;
        Assert.Equal(1, (int)removed["total"]!);
        var ofLead = (await api.GetFromJsonAsync<JsonObject>("/api/events?subject=list:9&lead=2"))!;
        Assert.Equal(2, (int)ofLead["total"]!);
        Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?subject=product:7"))!["total"]!);
    }

    [Fact]
    public async Task A_subject_never_seen_is_404_and_a_bad_filter_400()
    {
        await using var app = new TestApp();
        await PostAllAsync(app, [Tag("assign_tag", "1", 5)]);
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/subjects/tag/6")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/subjects/list/5")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/subjects?kind=nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/events?subject=tag")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/subjects?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/subjects/tag/5")).StatusCode);
    }

    [Fact]
    public async Task Every_event_item_carries_its_subject_with_a_part_where_it_has_one()
    {
        await using var app = new TestApp();
        await PostAllAsync(app, [TestPings.From("calendar_subscribe").Lead("1"), TestPings.From("reaches_score").Lead("1"), TestPings.From("assign_tag").Lead("1")]);
        using var api = app.Api();
        var items = (await api.GetFromJsonAsync<JsonObject>("/api/events"))!["items"]!.AsArray();
        var tag = items[0]!["subject"]!;
        Assert.Equal("tag", (string?)tag["kind"]);
        Assert.Equal("12", (string?)tag["id"]);
        Assert.Null(tag["part"]);
        Assert.Equal("50 points", (string?)items[1]!["subject"]!["name"]);
        var calendar = items[2]!["subject"]!;
        Assert.Equal("calendar", (string?)calendar["kind"]);
        Assert.Equal("14", (string?)calendar["part"]!["id"]);
        Assert.Equal("Yoga Basics", (string?)calendar["part"]!["name"]);
        var detail = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{(string?)items[2]!["id"]}"))!;
        Assert.Equal("9", (string?)detail["subject"]!["id"]);
        var booked = (await api.GetFromJsonAsync<JsonObject>("/api/subjects/calendar/9"))!;
        Assert.Equal(1, (long)booked["current"]!);
        Assert.Equal("Yoga Basics", (string?)booked["parts"]![0]!["name"]);
    }
}

public class SubjectFiguresOffTests
{
    /// <summary>The switch the bench measures their cost with: with it off, the same pings keep their events and subjects, and no figure or segment.</summary>
    [Fact]
    public async Task With_subject_figures_off_events_keep_their_subject_and_no_figure_or_segment_is_kept()
    {
        await using var app = new TestApp(services: s => s.PostConfigure<KartraDashboard.Storage.StorageOptions>(o => o.SubjectFigures = false));
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        using var api = app.Api();

        var events = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!;
        Assert.Equal(SubjectsApiTests.Story.Length, (int)events["total"]!);
        Assert.Contains(events["items"]!.AsArray(), e => (string?)e!["subject"]?["kind"] == "tag" && (string?)e["subject"]!["id"] == "5");
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/subjects?kind=tag"))!["total"]!);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads?tag=5"))!["total"]!);
        // What the lead's own pings imply is still kept: it holds tag 5 now.
        var lead = (await api.GetFromJsonAsync<JsonObject>("/api/leads/1"))!;
        Assert.Contains(lead["tags"]!.AsArray(), t => (string?)t!["id"] == "5");
    }
}

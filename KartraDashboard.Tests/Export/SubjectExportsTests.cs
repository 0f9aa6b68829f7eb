using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using KartraDashboard.Export;
using KartraDashboard.Tests.Subjects;

namespace KartraDashboard.Tests.Export;

public class SubjectExportsTests
{
    private static async Task<List<Dictionary<string, string>>> ReadCsvAsync(HttpClient api, string url, IReadOnlyList<string> header)
    {
        var rows = await TransactionsCsvTests.ReadCsvAsync(api, url);
        Assert.Equal(header, rows[0]);
        return rows.Skip(1).Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(p => p.h, p => p.Item2)).ToList();
    }

    [Fact]
    public async Task The_events_csv_holds_every_matching_event_as_the_api_lists_them_with_text_made_inert()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        await SubjectsApiTests.PostAllAsync(app,
        [
            TestPings.From("assign_tag").Lead("9", "zoë@example.com", "Zoë").Details("tag", ("tag_id", 77), ("tag_name", "=HYPERLINK(\"x\")")),
            TestPings.From("calendar_subscribe").Lead("9"),
        ]);
        using var api = app.Api();

        var all = await ReadCsvAsync(api, "/api/events.csv", SubjectExports.EventsHeader);
        var listed = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=500"))!["items"]!.AsArray();
        Assert.Equal(listed.Select(e => (string?)e!["id"]), all.Select(r => r["id"]));
        var calendar = all[0];
        Assert.Equal(("calendar", "9", "Studio calendar", "14", "Yoga Basics"),
            (calendar["subject_kind"], calendar["subject_id"], calendar["subject_name"], calendar["part_id"], calendar["part_name"]));
        var tag = all[1];
        Assert.Equal("'=HYPERLINK(\"x\")", tag["subject_name"]);
        Assert.Equal("Zoë Lopez", tag["lead_name"]);
        var sales = all.Where(r => r["action"] == "buy_product").ToList();
        Assert.Equal(["true", "false"], sales.Select(r => r["duplicate"]));
        Assert.All(sales, r => Assert.Equal("97", r["amount"].TrimEnd('0').TrimEnd('.')));
        Assert.Equal(DateTimeOffset.Parse((string)listed[0]!["receivedAt"]!), DateTimeOffset.Parse(calendar["received_at_utc"]));

        var removed = await ReadCsvAsync(api, "/api/events.csv?subject=tag:5&action=unassign_tag", SubjectExports.EventsHeader);
        Assert.Equal("1", Assert.Single(removed)["lead_id"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/events.csv?subject=nothing:1")).StatusCode);
    }

    [Fact]
    public async Task The_events_csv_reads_past_one_chunk()
    {
        await using var app = new TestApp();
        var pings = Enumerable.Range(1, SubjectExports.ChunkSize + 20).Select(i => TestPings.From("assign_tag").Lead(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await SubjectsApiTests.PostAllAsync(app, pings);
        using var api = app.Api();
        var rows = await ReadCsvAsync(api, "/api/events.csv?subject=tag:12", SubjectExports.EventsHeader);
        Assert.Equal(SubjectExports.ChunkSize + 20, rows.Select(r => r["id"]).Distinct().Count());
    }

    [Fact]
    public async Task The_leads_csv_holds_the_filtered_leads_in_the_apis_order()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        using var api = app.Api();

        var vip = await ReadCsvAsync(api, "/api/leads.csv?tag=5&sort=spent", SubjectExports.LeadsHeader);
        var listed = (await api.GetFromJsonAsync<JsonObject>("/api/leads?tag=5&sort=spent"))!["items"]!.AsArray();
        Assert.Equal(listed.Select(l => (string?)l!["leadId"]), vip.Select(r => r["lead_id"]));
        var one = vip.Single(r => r["lead_id"] == "1");
        Assert.Equal("VIP customers", one["tags"]);
        Assert.Equal("Newsletter", one["lists"]);
        Assert.Equal("97", one["spent"].TrimEnd('0').TrimEnd('.'));
        Assert.Equal(3, (await ReadCsvAsync(api, "/api/leads.csv", SubjectExports.LeadsHeader)).Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/leads.csv?sort=age")).StatusCode);
    }
}

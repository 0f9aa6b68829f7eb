using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using KartraDashboard.Bench;

namespace KartraDashboard.Tests.Bench;

/// <summary>The bench starts hosts of its own and loads the machine: it runs alone.</summary>
[Collection(nameof(RunsAlone))]
public class BenchCommandTests
{
    private static readonly string[] Reads =
    [
        "GET /api/events", "GET /api/events?before=", "GET /api/events?action=", "GET /api/events?lead=<lead id>",
        "GET /api/events?from=&to=", "GET /api/events/{id}", "GET /api/leads", "GET /api/leads?gdpr=", "GET /api/leads/{id}",
        "GET /api/revenue", "GET /api/revenue?from=&to=", "GET /api/gdpr", "GET /api/transactions", "GET /api/transactions?type=refund",
        "GET /api/quarantine", "GET /api/subscriptions", "GET /api/subscriptions?status=", "GET /api/subscriptions/trend", "GET /healthz",
        "GET /api/subjects?kind=tag", "GET /api/subjects/tag/{id}",
        "GET /api/events?subject=tag:{id}", "GET /api/events?subject=tag:{id}&action=", "GET /api/leads?tag={id}", "GET /api/leads?sort=spent",
    ];

    private static readonly string[] Pages =
    [
        "GET /", "GET /timeline", "GET /timeline?action=buy_product", "GET /leads", "GET /leads/{id}", "GET /revenue",
        "GET /transactions", "GET /gdpr", "GET /reports", "GET /quarantine", "GET /settings",
    ];

    [Fact]
    public async Task A_tiny_run_gives_every_row_positive_figures_in_the_table_and_the_json_and_keeps_its_database_when_asked()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-bench-test-");
        try
        {
            var json = Path.Combine(folder.FullName, "bench.json");
            var kept = Path.Combine(folder.FullName, "kept");
            var output = new StringWriter();
            var progress = new StringWriter();

            var exitCode = await BenchCommand.RunAsync(
                ["--events", "300", "--load-pings", "150", "--concurrency", "8", "--runs", "2", "--json", json, "--keep", kept],
                output, CancellationToken.None, progress);

            Assert.True(exitCode == BenchCommand.Success, $"{output}{progress}");
            using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var rows = figures.RootElement.GetProperty("rows").EnumerateArray()
                .Select(r => (Section: r.GetProperty("section").GetString()!, Measure: r.GetProperty("measure").GetString()!, Row: r))
                .ToList();

            string[] ingest = ["HTTP ceiling: bare Kestrel, simulator stories", "HTTP ceiling: bare Kestrel, every ping a new lead", "storage ceiling", "webhook: simulator stories", "webhook: every ping a new lead",
                "webhook with subject figures off: simulator stories", "webhook with subject figures off: every ping a new lead", "webhook with two forwarding targets answering at once", "webhook with a forwarding target that never answers: every ping a new lead"];
            foreach (var name in ingest)
                AssertFigures(Single(rows, "ingest", name), "perSecond", "p50Ms", "p99Ms", "cpuMsPerOp");
            AssertFigures(Single(rows, "fill", "store write path"), "perSecond", "cpuMsPerOp");
            // The dead target's backlog: every ping of the load and the warm-up but the few tried while it ran.
            AssertFigures(Single(rows, "outbox", "the target that never answers: working set"), "bytes");
            Assert.True(Single(rows, "outbox", "the same after its load").GetProperty("matched").GetInt64() > 100);
            // The live targets' backlog, timed when the load left one (a tiny load may not).
            foreach (var (_, _, drain) in rows.Where(r => r.Section == "outbox" && r.Measure.StartsWith("two targets answering at once", StringComparison.Ordinal)))
                AssertFigures(drain, "perSecond", "matched");
            // What each feature costs the webhook: a change in percent, which may rightly be either sign on a tiny run.
            Assert.Equal(4, rows.Count(r => r.Section == "cost"));
            Assert.All(rows.Where(r => r.Section == "cost"), r => Assert.True(r.Row.GetProperty("change").GetDouble() is > -100 and < 1000, $"{r.Measure}: {r.Row}"));
            AssertFigures(Single(rows, "disk", "data file"), "bytes");
            AssertFigures(Single(rows, "disk", "per event"), "bytes");
            Assert.Equal(2, rows.Count(r => r.Section == "memory"));
            foreach (var name in Reads)
                Assert.Contains(rows, r => r.Section == "read" && r.Measure.StartsWith(name, StringComparison.Ordinal));
            Assert.Equal(Reads.Length, rows.Count(r => r.Section == "read"));
            AssertFigures(Single(rows, "export", "GET /api/transactions.csv"), "medianMs", "bytes");
            foreach (var name in new[] { "GET /api/leads?search=", "GET /api/events?lead=", "GET /api/transactions?product=" })
                AssertFigures(Single(rows, "free text", name), "medianMs", "bytes", "matched");
            AssertFigures(Single(rows, "read", "GET /api/events?lead=<lead id>"), "matched");
            foreach (var name in Pages)
                AssertFigures(Page(rows, name), "medianMs", "bytes");
            Assert.Equal(Pages.Length, rows.Count(r => r.Section == "page"));
            // Signed in and prerendered with its data: the timeline's header row and at least one event's.
            Assert.True(Page(rows, "GET /timeline").GetProperty("matched").GetInt64() > 1, $"{Page(rows, "GET /timeline")}");
            AssertFigures(Single(rows, "free text", "GET /leads?search="), "medianMs", "bytes", "matched");
            AssertFigures(Single(rows, "backup", "GET /api/backup"), "medianMs", "bytes");
            AssertFigures(Single(rows, "backup", "acknowledgements while it was cut"), "perSecond", "p50Ms", "p99Ms");
            AssertFigures(Single(rows, "backup", "longest acknowledgement wait"), "medianMs");

            foreach (var (section, measure, row) in rows)
            {
                // What a filter matched may rightly be none (an empty quarantine); every measured figure is positive.
                var numbers = row.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Name is not ("matched" or "change")).ToList();
                Assert.True(numbers.Count > 0 || section == "cost", $"{section} {measure} has no figure");
                Assert.All(numbers, p => Assert.True(p.Value.GetDouble() > 0, $"{section} {measure}: {p.Name} is {p.Value}"));
                if (row.TryGetProperty("matched", out var matched)) Assert.True(matched.GetInt64() >= 0);
                if (section is "read" or "export" or "page" or "free text") AssertFigures(row, "medianMs", "bytes");
                Assert.Contains(measure, output.ToString());
            }
            Assert.Matches(@"Machine: \d+ cores, [\d.]+ GiB, .+, \.NET \d+", output.ToString());

            // The reads' database, whole: a host started on it serves the events the fill wrote.
            Assert.Matches($@"Database kept in {Regex.Escape(kept)}: .*\bkartra\.db\b", output.ToString());
            await using (var app = new TestApp(folder: kept, ownsFolder: false))
            {
                using var api = app.Api();
                var events = await api.GetFromJsonAsync<JsonObject>("/api/events?take=1");
                var backupPhase = Single(rows, "backup", "acknowledgements while it was cut").GetProperty("matched").GetInt64();
                Assert.Equal(300 + backupPhase, (long)events!["total"]!);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Fast")]
    public async Task Keep_refuses_a_folder_that_holds_anything_before_measuring()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-bench-test-");
        try
        {
            var existing = Path.Combine(folder.FullName, "kartra.db");
            await File.WriteAllTextAsync(existing, "someone's database");
            var output = new StringWriter();
            var progress = new StringWriter();

            var exitCode = await BenchCommand.RunAsync(["--events", "300", "--keep", folder.FullName], output, CancellationToken.None, progress);

            Assert.Equal(BenchCommand.BadArguments, exitCode);
            Assert.Contains($"--keep {folder.FullName} is not empty", output.ToString());
            Assert.Equal("", progress.ToString());
            Assert.Equal("someone's database", await File.ReadAllTextAsync(existing));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static JsonElement Single(List<(string Section, string Measure, JsonElement Row)> rows, string section, string startOfMeasure) =>
        Assert.Single(rows, r => r.Section == section && r.Measure.StartsWith(startOfMeasure, StringComparison.Ordinal)).Row;

    private static JsonElement Page(List<(string Section, string Measure, JsonElement Row)> rows, string measure) =>
        Assert.Single(rows, r => r.Section == "page" && r.Measure == measure).Row;

    private static void AssertFigures(JsonElement row, params string[] names)
    {
        foreach (var name in names)
            Assert.True(row.TryGetProperty(name, out var value) && value.GetDouble() > 0, $"{row}: {name} is missing or not positive");
    }
}

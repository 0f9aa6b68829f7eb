using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;
using LiteDB;
using R = KartraDashboard.Storage.Schema.RevenueDays;
using T = KartraDashboard.Storage.Schema.Transactions;

namespace KartraDashboard.Tests.Storage;

/// <summary>What pings send can neither overflow a kept figure nor grow a kept document without bound.</summary>
public class BoundsTests
{
    private static BsonDocument Sale(decimal amount, string product) => new()
    {
        [T.Type] = "sale", [T.FullAmount] = amount, [T.Tax] = 0m, [T.Shipping] = 0m,
        [T.ProductId] = product, [T.ProductName] = product, [T.Processor] = "Stripe",
    };

    [Fact]
    [Trait("Category", "Fast")]
    public void A_tally_already_at_decimals_limit_from_an_older_file_takes_more_sales_without_throwing()
    {
        // Before amounts were bounded, a file could keep a sale of decimal.MaxValue unflagged.
        var old = new RevenueTally();
        old.Add(Sale(decimal.MaxValue, "1"));
        var kept = RevenueTally.FromBson(old.ToBson());

        kept.Add(Sale(10m, "1"));
        kept.Merge(kept);
        var day = kept.ToDay(new DateOnly(2026, 3, 10));
        var twice = day.Plus(day);
        var report = kept.ToReport("USD", [day, twice]);

        Assert.Equal(decimal.MaxValue, kept.Sales);
        Assert.Equal(4, kept.SalesCount);
        Assert.Equal(decimal.MaxValue, twice.Sales);
        Assert.Equal(decimal.MaxValue, report.Sales.Amount);
        Assert.Equal(decimal.MaxValue, Sums.Total(new[] { decimal.MaxValue, decimal.MaxValue }, x => x));
        Assert.Equal(decimal.MinValue, Sums.Add(decimal.MinValue, -1m));
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void A_day_keeps_a_fixed_number_of_product_lines_and_counts_the_rest_in_one()
    {
        var tally = new RevenueTally();
        var many = RevenueTally.MaxKeptLines + 500;
        for (var i = 0; i < many; i++) tally.Add(Sale(1m, new string('p', 150) + i));

        var doc = RevenueTally.FromBson(tally.ToBson()).ToBson();

        Assert.Equal(RevenueTally.MaxKeptLines + 1, doc[R.Products].AsArray.Count);
        Assert.Equal(many, doc[R.SalesCount].AsInt64);
        Assert.Equal((decimal)many, doc[R.Products].AsArray.Sum(l => l[R.Sales].AsDecimal));
        var beyond = doc[R.Products].AsArray.Single(l => l[R.Line.Key].AsString == RevenueTally.BeyondKey);
        Assert.Equal(500, beyond[R.SalesCount].AsInt64);
    }

    [Fact]
    public async Task A_lead_keeps_a_fixed_number_of_tags_with_names_cut_and_still_reads()
    {
        await using var app = new TestApp();
        var giant = new string('t', 5_000);
        var sent = LeadTagCount + 50;
        await Parallel.ForEachAsync(Enumerable.Range(1, sent), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var ping = TestPings.From("assign_tag").Lead("1").Details("tag", ("tag_id", i), ("tag_name", giant + i));
            using var response = await app.PostAsync(ping.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        // A later ping about the lead is still taken, and the lead still reads.
        using (var later = await app.PostAsync(TestPings.Sale("1", 1, 10m).ToJsonString()))
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);

        using var api = app.Api();
        var lead = (await api.GetFromJsonAsync<JsonObject>("/api/leads/1"))!;
        var tags = lead["tags"]!.AsArray();
        Assert.Equal(LeadTagCount, tags.Count);
        Assert.All(tags, t => Assert.Equal(Keys.MaxTextLength, ((string)t!["name"]!).Length));
        Assert.Equal(sent + 1, (int)lead["events"]!);
        // The most recent tags are the ones kept.
        Assert.Contains(tags, t => (string)t!["id"]! == sent.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private const int LeadTagCount = KartraDashboard.Storage.LeadState.MaxItems;
}

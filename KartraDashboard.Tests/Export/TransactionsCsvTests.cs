using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using KartraDashboard.Ingestion;

namespace KartraDashboard.Tests.Export;

public class TransactionsCsvTests
{
    /// <summary>A CSV answer's rows, header first, after checking its status, type and byte-order mark.</summary>
    internal static async Task<List<string[]>> ReadCsvAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "a byte order mark");
        using var reader = CsvReader.Create(new StringReader(Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length))), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
            rows.Add(cells);
        }
        return rows;
    }

    [Fact]
    public async Task Export_has_kartras_field_names_in_documented_order_and_one_row_per_transaction()
    {
        await using var app = new TestApp();
        var sale = TestPings.Sale("1", 700, 97.00m, product: "Course A").ToJsonString();
        foreach (var body in new[]
        {
            sale, sale, // the second is a duplicate: not exported
            TestPings.Refund("1", 701, -97.00m, product: "Course A").ToJsonString(),
            TestPings.From("assign_tag").Lead("1").ToJsonString(),
        })
            (await app.PostAsync(body)).EnsureSuccessStatusCode();

        using var api = app.Api();
        var rows = await ReadCsvAsync(api, "/api/transactions.csv");
        Assert.Equal([.. TransactionFields.Documented, "action", "lead_id", "lead_email", "transaction_date_utc"], rows[0]);
        Assert.Equal(3, rows.Count);
        var header = rows[0].ToList();
        string Cell(string[] row, string name) => row[header.IndexOf(name)];
        Assert.Equal("700", Cell(rows[1], "transaction_id"));
        Assert.Equal("97.00", Cell(rows[1], "transaction_full_amount"));
        Assert.Equal("buy_product", Cell(rows[1], "action"));
        Assert.Equal("1", Cell(rows[1], "lead_id"));
        // 2026-03-10 12:00 in New York is 16:00 UTC (daylight saving time began on the 8th).
        Assert.Equal("2026-03-10T16:00:00Z", Cell(rows[1], "transaction_date_utc"));
        // Amounts stay plain numbers, also negative ones.
        Assert.Equal("-97.00", Cell(rows[2], "transaction_full_amount"));
        Assert.Equal("refund_product", Cell(rows[2], "action"));
    }

    [Fact]
    public async Task Text_a_spreadsheet_would_run_gets_a_leading_apostrophe()
    {
        await using var app = new TestApp();
        var ping = TestPings.Sale("1", 800, 10m, product: "=HYPERLINK(\"http://evil\")")
            .Transaction(("buyer_first_name", "@SUM(A1)"), ("buyer_last_name", "-Smith"), ("buyer_billing_city", "+1 city"), ("vendor_tracking_id_1", "\tx"),
                ("buyer_billing_phone_number", "+15551234"), ("transaction_discount", "-5.00"));
        (await app.PostAsync(ping.ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();
        var rows = await ReadCsvAsync(api, "/api/transactions.csv");
        var header = rows[0].ToList();
        string Cell(string name) => rows[1][header.IndexOf(name)];
        Assert.Equal("'=HYPERLINK(\"http://evil\")", Cell("product_name"));
        Assert.Equal("'@SUM(A1)", Cell("buyer_first_name"));
        Assert.Equal("'-Smith", Cell("buyer_last_name"));
        Assert.Equal("'+1 city", Cell("buyer_billing_city"));
        Assert.Equal("'\tx", Cell("vendor_tracking_id_1"));
        Assert.Equal("10", Cell("transaction_full_amount"));
        // A phone number is text, whatever it looks like; an amount stays a number.
        Assert.Equal("'+15551234", Cell("buyer_billing_phone_number"));
        Assert.Equal("-5.00", Cell("transaction_discount"));
    }

    [Fact]
    public async Task Filters_select_the_same_rows_as_the_json_list()
    {
        await using var app = new TestApp();
        foreach (var body in new[]
        {
            TestPings.Sale("1", 1, 10m, date: "2026-05-01 10:00:00", product: "Yoga Course", productId: "11"),
            TestPings.Sale("2", 2, 20m, date: "2026-05-02 10:00:00", product: "Pilates", productId: "12"),
            TestPings.Refund("1", 3, 10m, date: "2026-05-03 10:00:00", product: "Yoga Course", productId: "11"),
            TestPings.Sale("2", 4, 30m, date: "2026-06-01 10:00:00", product: "Yoga Retreat", productId: "13"),
        })
            (await app.PostAsync(body.ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();

        async Task<List<string>> Ids(string query)
        {
            var csv = await ReadCsvAsync(api, "/api/transactions.csv?" + query);
            var json = (JsonObject)JsonNode.Parse(await api.GetStringAsync("/api/transactions?" + query))!;
            var csvIds = csv.Skip(1).Select(r => r[0]).OrderBy(x => x).ToList();
            var jsonIds = json["items"]!.AsArray().Select(i => (string)i!["transactionId"]!).OrderBy(x => x).ToList();
            Assert.Equal(jsonIds, csvIds);
            Assert.Equal(jsonIds.Count, (int)json["total"]!);
            return csvIds;
        }

        Assert.Equal(["1", "3", "4"], await Ids("product=yoga"));
        Assert.Equal(["2"], await Ids("product=12"));
        Assert.Equal(["1", "2", "4"], await Ids("type=sale"));
        Assert.Equal(["3"], await Ids("type=refund"));
        Assert.Equal(["2", "4"], await Ids("lead=2"));
        Assert.Equal(["4"], await Ids("lead=2&product=yoga"));
        Assert.Equal(["3"], await Ids("product=yoga&type=refund"));
        Assert.Equal(["1", "2", "3"], await Ids("from=2026-05-01&to=2026-05-31"));
        Assert.Equal(["1", "3"], await Ids("type=sale,refund&product=Yoga Course".Replace("type=sale,refund&", "") + "&to=2026-05-31"));
    }
}

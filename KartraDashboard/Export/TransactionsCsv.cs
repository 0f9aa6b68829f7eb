using System.Globalization;
using System.Text;
using CsvHelper;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;

namespace KartraDashboard.Export;

/// <summary>
/// Transactions as CSV for an accountant: Kartra's own field names and values, streamed row by
/// row, with text a spreadsheet would run as a formula made inert.
/// </summary>
public static class TransactionsCsv
{
    public static readonly IReadOnlyList<string> Header =
        [.. TransactionFields.Documented, "action", "lead_id", "lead_email", "transaction_date_utc"];

    public static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        FormatProvider = CultureInfo.InvariantCulture,
        // Neutralised in Cell, where a negative amount can be told apart from a formula.
        Injection = CsvInjection.None,
        WriteByteOrderMark = false,
    };

    public static RouteGroupBuilder MapExport(this RouteGroupBuilder api)
    {
        api.MapGet("/transactions.csv", WriteAsync).WithSummary("Transactions as CSV, with the same filters as /api/transactions.");
        return api;
    }

    private static async Task WriteAsync(HttpContext http, string? from, string? to, string? type, string? lead, string? product,
        TransactionReads transactions, ZoneSettings zones)
    {
        if (!TransactionQuery.TryCreate(from, to, type, lead, product, zones.Dashboard, out var query, out var error))
        {
            await TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"kartra-transactions-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv\"";
        // A byte-order mark first, so a spreadsheet reads names in any script.
        await using var text = new StreamWriter(http.Response.Body, new UTF8Encoding(true), 64 * 1024);
        await using var csv = CsvWriter.Create(text, Options, leaveOpen: true);
        await WriteRowsAsync(csv, transactions, query, http.RequestAborted);
    }

    /// <summary>Rows read from the store a chunk at a time, oldest first; the writes in between are awaited.</summary>
    public static Task WriteRowsAsync(CsvWriter csv, TransactionReads transactions, TransactionQuery query, CancellationToken cancellation) =>
        WriteRowsAsync(csv, Chunks.ReadAll<TransactionRow, DateCursor>(after => transactions.ReadChunk(query, newestFirst: false, after, ChunkSize)), cancellation);

    /// <summary>Rows read in one go from the store, and flushed to the client, at a time.</summary>
    public const int ChunkSize = 500;

    private static async Task WriteRowsAsync(CsvWriter csv, IEnumerable<TransactionRow> rows, CancellationToken cancellation)
    {
        foreach (var name in Header) csv.WriteField(name);
        await csv.EndRecordAsync(cancellation);
        var count = 0;
        foreach (var row in rows)
        {
            foreach (var name in TransactionFields.Documented) csv.WriteField(Cell(row.Fields.GetValueOrDefault(name), AmountFields.Contains(name)));
            csv.WriteField(Cell(row.Action));
            csv.WriteField(Cell(row.LeadId));
            csv.WriteField(Cell(row.LeadEmail));
            csv.WriteField(row.Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            await csv.EndRecordAsync(cancellation);
            if (++count % ChunkSize == 0) await csv.FlushAsync(cancellation);
            cancellation.ThrowIfCancellationRequested();
        }
        await csv.FlushAsync(cancellation);
    }

    private static readonly HashSet<string> AmountFields =
    [
        "transaction_full_amount", "transaction_base_amount", "transaction_discount", "transaction_tax", "transaction_shipping",
    ];

    /// <summary>
    /// A text cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe so a
    /// spreadsheet shows it instead of running it; an amount such as -97.00 stays a number.
    /// </summary>
    public static string Cell(string? value, bool isAmount = false)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !(isAmount && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)))
            return "'" + value;
        return value;
    }
}

using System.Globalization;
using System.Text;
using CsvHelper;
using KartraDashboard.Hosting;
using KartraDashboard.Storage;

namespace KartraDashboard.Export;

/// <summary>
/// Events and leads as CSV, with the filters of their lists: streamed, read from the store a
/// chunk at a time between the awaited writes, text made inert for a spreadsheet, and a UTF-8
/// byte-order mark so a spreadsheet reads names in any script.
/// </summary>
public static class SubjectExports
{
    public static readonly IReadOnlyList<string> EventsHeader =
    [
        "id", "received_at_utc", "action", "lead_id", "lead_email", "lead_name", "subject_kind", "subject_id", "subject_name",
        "part_id", "part_name", "summary", "amount", "duplicate",
    ];

    public static readonly IReadOnlyList<string> LeadsHeader =
    [
        "lead_id", "email", "first_name", "last_name", "phone", "company", "country", "source", "date_joined", "score",
        "gdpr_status", "spent", "refunded", "tags", "lists", "first_seen_utc", "last_seen_utc",
    ];

    /// <summary>Rows read in one go from the store, and flushed to the client, at a time.</summary>
    public const int ChunkSize = 500;

    public static RouteGroupBuilder MapSubjectExports(this RouteGroupBuilder api)
    {
        api.MapGet("/events.csv", WriteEventsAsync).WithSummary("Events as CSV, newest first, with the filters of /api/events.");
        api.MapGet("/leads.csv", WriteLeadsAsync).WithSummary("Leads as CSV, with the filters and sort of /api/leads.");
        return api;
    }

    private static async Task WriteEventsAsync(HttpContext http, string? action, string? lead, string? from, string? to, string? subject,
        EventReads events, ZoneSettings zones)
    {
        if (!EventFilters.TryCreate(action, lead, from, to, subject, zones.Dashboard, out var query, out var error))
        {
            await BadRequest(http, error!);
            return;
        }
        await using var text = Begin(http, "events");
        await using var csv = CsvWriter.Create(text, TransactionsCsv.Options, leaveOpen: true);
        {
            var rows = Chunks.ReadAll<EventItem, EventCursor>(after => events.ReadChunk(query, after, ChunkSize));
            await WriteAsync(csv, EventsHeader, rows, (e, w) =>
            {
                w.WriteField(e.Id);
                w.WriteField(Utc(e.ReceivedAt));
                w.WriteField(Cell(e.Action));
                w.WriteField(Cell(e.LeadId));
                w.WriteField(Cell(e.LeadEmail));
                w.WriteField(Cell(e.LeadName));
                w.WriteField(Cell(e.Subject?.Kind));
                w.WriteField(Cell(e.Subject?.Id));
                w.WriteField(Cell(e.Subject?.Name));
                w.WriteField(Cell(e.Subject?.Part?.Id));
                w.WriteField(Cell(e.Subject?.Part?.Name));
                w.WriteField(Cell(e.Summary));
                w.WriteField(e.Amount?.ToString(CultureInfo.InvariantCulture) ?? "");
                w.WriteField(e.Duplicate ? "true" : "false");
            }, http.RequestAborted);
        }
    }

    private static async Task WriteLeadsAsync(HttpContext http, string? search, string? gdpr, LeadReads leads, ZoneSettings zones)
    {
        int? status = null;
        if (!string.IsNullOrWhiteSpace(gdpr))
        {
            if (!int.TryParse(gdpr, NumberStyles.None, CultureInfo.InvariantCulture, out var g) || g > 5)
            {
                await BadRequest(http, "'gdpr' must be a status from 0 to 5.");
                return;
            }
            status = g;
        }
        if (!LeadFilters.TryCreate(http.Request.Query, out var filters, out var error))
        {
            await BadRequest(http, error);
            return;
        }
        var query = new LeadQuery { Search = search, Gdpr = status, Filters = filters };
        await using var text = Begin(http, "leads");
        await using var csv = CsvWriter.Create(text, TransactionsCsv.Options, leaveOpen: true);
        {
            var rows = Chunks.ReadAll<LeadRow, LeadCursor>(after => leads.ReadChunk(query, after, ChunkSize));
            await WriteAsync(csv, LeadsHeader, rows, (l, w) =>
            {
                var i = l.Item;
                w.WriteField(Cell(i.LeadId));
                w.WriteField(Cell(i.Email));
                w.WriteField(Cell(l.FirstName));
                w.WriteField(Cell(l.LastName));
                w.WriteField(Cell(l.Phone));
                w.WriteField(Cell(l.Company));
                w.WriteField(Cell(i.Country));
                w.WriteField(Cell(i.Source));
                w.WriteField(i.DateJoined is { } joined
                    ? TimeZoneInfo.ConvertTime(joined, zones.Kartra).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
                    : "");
                w.WriteField(i.Score?.ToString(CultureInfo.InvariantCulture) ?? "");
                w.WriteField(i.GdprStatus?.ToString(CultureInfo.InvariantCulture) ?? "");
                w.WriteField(i.Spent.ToString(CultureInfo.InvariantCulture));
                w.WriteField(i.Refunded.ToString(CultureInfo.InvariantCulture));
                w.WriteField(Cell(string.Join("; ", l.Tags)));
                w.WriteField(Cell(string.Join("; ", l.Lists)));
                w.WriteField(Utc(i.FirstSeen));
                w.WriteField(Utc(i.LastSeen));
            }, http.RequestAborted);
        }
    }

    private static string Cell(string? value) => TransactionsCsv.Cell(value);

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static Task BadRequest(HttpContext http, string error) =>
        TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request").ExecuteAsync(http);

    private static StreamWriter Begin(HttpContext http, string name)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"kartra-{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv\"";
        // The encoding's preamble is the byte-order mark, written before the first row.
        return new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
    }

    private static async Task WriteAsync<T>(CsvWriter csv, IReadOnlyList<string> header, IEnumerable<T> rows, Action<T, CsvWriter> write, CancellationToken cancellation)
    {
        foreach (var name in header) csv.WriteField(name);
        await csv.EndRecordAsync(cancellation);
        var count = 0;
        foreach (var row in rows)
        {
            write(row, csv);
            await csv.EndRecordAsync(cancellation);
            if (++count % ChunkSize == 0) await csv.FlushAsync(cancellation);
            cancellation.ThrowIfCancellationRequested();
        }
        await csv.FlushAsync(cancellation);
    }
}

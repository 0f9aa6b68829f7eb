using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using LiteDB;
using E = KartraDashboard.Storage.Schema.Events;

namespace KartraDashboard.Storage;

/// <summary>
/// Gives the events and leads stored before subjects were kept their subjects and figures, once,
/// after start: each event's subject is read again from its kept body, a chunk at a time, and
/// counted through the writer in a small transaction of its own, so pings keep being taken
/// between chunks. Progress is kept, so a restart goes on where it stopped.
/// </summary>
public sealed class SubjectBackfill(Database db, StoreWriter writer, ZoneSettings zones, ILogger<SubjectBackfill> log) : BackgroundService
{
    // A parser of its own: old bodies are read as the webhook reads them, whatever the webhook is given.
    private readonly PingParser _parser = new(zones.Kartra);

    /// <summary>Events read, parsed and counted per transaction: small enough that a ping waits a few milliseconds at most.</summary>
    public const int ChunkSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var progress = await writer.SubjectProgressAsync();
            if (progress is { EventsDone: true, LeadsDone: true }) return;
            log.LogWarning("Counting the subjects of the events and leads stored before they were kept; pings are taken meanwhile");
            long done = 0;
            var after = progress.EventsAfter;
            while (!progress.EventsDone && !stoppingToken.IsCancellationRequested)
            {
                var (chunk, last) = ReadChunk(after);
                var finished = await writer.CountStoredSubjectsAsync(chunk, last ?? after);
                done += chunk.Count;
                if (done % 50_000 < chunk.Count) log.LogInformation("Subjects counted for {Count} events so far", done);
                if (finished) break;
                if (last is null) await Task.Delay(50, stoppingToken);
                else after = last.Value;
            }
            long leads = 0;
            int read;
            while (!stoppingToken.IsCancellationRequested && (read = await writer.CountStoredLeadsAsync(ChunkSize, _parser)) > 0)
            {
                leads += read;
                if (leads % 50_000 < read) log.LogInformation("Subjects counted for {Count} leads so far", leads);
            }
            log.LogWarning("Subjects counted: {Events} events and {Leads} leads", done, leads);
        }
        catch (Exception e) when (e is StoreClosedException or OperationCanceledException) { }
    }

    /// <summary>The next events after an id, with the subject each is about: read whole, synchronously, then parsed.</summary>
    private (List<(long Id, EventSubject? Subject)> Chunk, long? Last) ReadChunk(long after)
    {
        List<BsonDocument> docs;
        using (db.BeginRead())
        {
            var query = new Query { OrderBy = "$." + Schema.Id, Limit = ChunkSize };
            query.Where.Add(Filter.Gt(Schema.Id, after));
            docs = db.Collection(E.Collection).Find(query).ToList();
        }
        var chunk = docs.Select(d => (d[Schema.Id].AsInt64, SubjectDocs.Read(d) ?? Parse(d))).ToList();
        return (chunk, docs.Count == 0 ? null : docs[^1][Schema.Id].AsInt64);
    }

    private EventSubject? Parse(BsonDocument d)
    {
        var body = EventDocs.Body(d);
        return _parser.Parse(body).Ping is { } ping ? EventSubject.Of(ping) : null;
    }
}

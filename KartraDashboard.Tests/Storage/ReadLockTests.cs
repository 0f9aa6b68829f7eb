using CsvHelper;
using KartraDashboard.Export;
using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// LiteDB 5.0.21 ties a query's read lock to the thread that starts it and keeps it for good when
/// the query ends on another thread; after that no checkpoint can run. An export awaits its writes,
/// so it must never hold a query open across them.
/// </summary>
public class ReadLockTests
{
    [Fact]
    public async Task An_export_that_resumes_on_other_threads_leaves_no_read_open_and_a_checkpoint_completes()
    {
        await using var app = new TestApp();
        // More than one chunk, so the export awaits its writes between reads.
        var sales = TransactionsCsv.ChunkSize * 2 + 17;
        await Parallel.ForEachAsync(Enumerable.Range(1, sales), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            (await app.PostAsync(TestPings.Sale(i.ToString(), i, 10m).ToJsonString())).EnsureSuccessStatusCode());
        var transactions = app.Service<TransactionReads>();
        var db = app.Service<Database>();

        // The export starts on a thread of its own, which ends at the first await; every await
        // after it resumes on a pool thread, as an export to a slow client does.
        var output = new ThreadHoppingStream();
        Task export = Task.CompletedTask;
        var starter = new Thread(() => export = ExportAsync(transactions, output));
        starter.Start();
        starter.Join();
        await export;
        Assert.Equal(sales + 1, output.Lines());
        Assert.Equal(0, db.OpenReads);

        // With a read lock left behind, this would wait for LiteDB's one-minute lock timeout.
        var checkpoint = Task.Factory.StartNew(db.Checkpoint, TaskCreationOptions.LongRunning);
        var first = await Task.WhenAny(checkpoint, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(first == checkpoint, "A checkpoint is still waiting for a read lock that the export left behind.");
        await checkpoint;

        // Reads answer on any thread, the one that started the export included.
        var onNewThread = 0L;
        var reader = new Thread(() => onNewThread = transactions.List(new TransactionQuery()).Total);
        reader.Start();
        reader.Join();
        Assert.Equal(sales, onNewThread);
        Assert.Equal(sales, transactions.List(new TransactionQuery { Type = "sale" }).Total);
        (await app.PostAsync(TestPings.Sale("x", 1_000_000, 5m).ToJsonString())).EnsureSuccessStatusCode();
    }

    private static async Task ExportAsync(TransactionReads transactions, Stream output)
    {
        await using var text = new StreamWriter(output, leaveOpen: true);
        await using var csv = CsvWriter.Create(text, TransactionsCsv.Options, leaveOpen: true);
        await TransactionsCsv.WriteRowsAsync(csv, transactions, new TransactionQuery(), CancellationToken.None);
    }

    /// <summary>A stream whose every write completes later, on a pool thread.</summary>
    private sealed class ThreadHoppingStream : MemoryStream
    {
        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Yield();
            base.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            base.Write(buffer.Span);
        }

        public int Lines() => System.Text.Encoding.UTF8.GetString(ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length;
    }
}

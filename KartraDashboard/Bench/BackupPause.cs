using System.Diagnostics;
using KartraDashboard.Simulation;
using KartraDashboard.Storage;

namespace KartraDashboard.Bench;

/// <summary>
/// A backup cut over HTTP (GET /api/backup, read to the end) while the store takes pings as fast
/// as it can: how long the cut took, and how long acknowledgements waited meanwhile. The writer
/// pauses only to read the log's length, so the waits should look like any others.
/// </summary>
internal static class BackupPause
{
    public static async Task<IReadOnlyList<BenchRow>> MeasureAsync(BenchHost host, IReadOnlyList<IncomingPing> pings, int inFlight, CancellationToken ct)
    {
        if (pings.Count == 0) throw new BenchException("no pings to send while the backup is cut");
        // Every acknowledgement's span; those that overlap the cut are the ones it could have held up.
        var spans = new System.Collections.Concurrent.ConcurrentBag<(long Start, long End)>();
        long stored = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = Task.WhenAll(Enumerable.Range(0, inFlight).Select(lane => Task.Run(async () =>
        {
            // Each lane sends the pings in turn, over and over (later rounds are duplicates: still stored, still acknowledged).
            for (var i = lane; !stop.IsCancellationRequested; i += inFlight)
            {
                var started = Stopwatch.GetTimestamp();
                await host.Writer.StoreAsync(pings[i % pings.Count]);
                spans.Add((started, Stopwatch.GetTimestamp()));
                Interlocked.Increment(ref stored);
            }
        }, CancellationToken.None)));

        // The load runs a moment before the cut, so the writer is busy when it begins.
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        long bytes;
        var cutStart = Stopwatch.GetTimestamp();
        using (var client = host.ApiClient())
        using (var response = await client.GetAsync("/api/backup", HttpCompletionOption.ResponseHeadersRead, ct))
        {
            if (!response.IsSuccessStatusCode) throw new BenchException($"GET /api/backup answered {(int)response.StatusCode}");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var counter = new CountingStream();
            await body.CopyToAsync(counter, ct);
            bytes = counter.Length;
        }
        var cutEnd = Stopwatch.GetTimestamp();
        await stop.CancelAsync();
        await load;

        var latency = new LatencyHistogram();
        double longest = 0;
        long during = 0;
        foreach (var (start, end) in spans)
        {
            if (end < cutStart || start > cutEnd) continue;
            var ms = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
            latency.Record(ms);
            longest = Math.Max(longest, ms);
            during++;
        }
        var clock = Stopwatch.GetElapsedTime(cutStart, cutEnd);
        var seconds = clock.TotalSeconds;
        return
        [
            new BenchRow("backup", "GET /api/backup while the store takes pings: cut and sent", MedianMs: Math.Round(clock.TotalMilliseconds, 1), Bytes: bytes),
            // Matched: every ping the phase stored (before, while and after the cut); they stay in the database.
            new BenchRow("backup", $"acknowledgements while it was cut ({during:#,0}, store write path, {inFlight} in flight; matched: pings the phase stored)",
                during / seconds, latency.Percentile(50), latency.Percentile(99), Matched: stored),
            new BenchRow("backup", "longest acknowledgement wait while it was cut", MedianMs: Math.Round(longest, 1)),
        ];
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}

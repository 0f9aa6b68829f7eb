using System.Diagnostics;
using KartraDashboard.Simulation;
using KartraDashboard.Storage;

namespace KartraDashboard.Bench;

/// <summary>How a run of writes through the store went.</summary>
internal sealed record StoreRun(long Written, TimeSpan Elapsed, TimeSpan Cpu, LatencyHistogram Latency)
{
    public double PerSecond => Written / Elapsed.TotalSeconds;
    public double CpuMsPerWrite => Cpu.TotalMilliseconds / Written;
}

/// <summary>
/// Pings handed to the store's own write path (<see cref="StoreWriter.StoreAsync"/>), as the
/// webhook hands them after parsing, with many in flight and no HTTP in between.
/// </summary>
internal static class StoreLoad
{
    public const string ContentType = "application/json";
    private const string Loopback = "127.0.0.1";

    /// <summary>A generated ping as the webhook makes it ready for the store: parsed and compressed.</summary>
    public static IncomingPing Prepare(GeneratedPing ping, BenchHost host) =>
        new(ping.Body, ContentType, Loopback, host.Parser.Parse(ping.Body));

    /// <summary>
    /// Writes every ping, at most <paramref name="inFlight"/> waiting at once. Pings are taken from
    /// the sequence inside the timed span, so a lazy sequence's own work counts.
    /// </summary>
    public static async Task<StoreRun> WriteAllAsync(StoreWriter writer, IEnumerable<IncomingPing> pings, int inFlight,
        Action<long, WriteResult>? written, CancellationToken ct)
    {
        var latency = new LatencyHistogram();
        using var window = new SemaphoreSlim(inFlight, inFlight);
        var pending = new List<Task>();
        long count = 0, quarantined = 0;
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        foreach (var ping in pings)
        {
            await window.WaitAsync(ct);
            pending.Add(WriteOneAsync(ping, count++));
            if (pending.Count >= 4 * inFlight) pending.RemoveAll(t => t.IsCompletedSuccessfully);
        }
        await Task.WhenAll(pending);

        clock.Stop();
        self.Refresh();
        if (quarantined > 0) throw new BenchException($"{quarantined} of {count} generated pings were quarantined instead of stored");
        return new StoreRun(count, clock.Elapsed, self.TotalProcessorTime - cpuBefore, latency);

        async Task WriteOneAsync(IncomingPing ping, long index)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await writer.StoreAsync(ping);
                latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (result.Event is null) Interlocked.Increment(ref quarantined);
                written?.Invoke(index, result);
            }
            finally
            {
                window.Release();
            }
        }
    }
}

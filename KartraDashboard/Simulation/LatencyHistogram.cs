namespace KartraDashboard.Simulation;

/// <summary>
/// Latency percentiles in fixed memory: buckets 1 % wide on a log scale from 10 µs to beyond an
/// hour, so a demo loop that runs for days does not keep every sample.
/// </summary>
public sealed class LatencyHistogram
{
    private const double SmallestMs = 0.01;
    private static readonly double LogGrowth = Math.Log(1.01);
    private readonly long[] _buckets = new long[2000];
    private readonly Lock _gate = new();
    private long _count;

    public long Count { get { lock (_gate) return _count; } }

    public void Record(double milliseconds)
    {
        var index = milliseconds <= SmallestMs ? 0 : (int)Math.Ceiling(Math.Log(milliseconds / SmallestMs) / LogGrowth);
        index = Math.Clamp(index, 0, _buckets.Length - 1);
        lock (_gate)
        {
            _buckets[index]++;
            _count++;
        }
    }

    /// <summary>The upper bound of the bucket holding that percentile (within 1 %); null without samples.</summary>
    public double? Percentile(double percent)
    {
        lock (_gate)
        {
            if (_count == 0) return null;
            var rank = (long)Math.Ceiling(percent / 100 * _count);
            long seen = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                seen += _buckets[i];
                if (seen >= Math.Max(1, rank)) return Math.Round(SmallestMs * Math.Pow(1.01, i), 2);
            }
            return Math.Round(SmallestMs * Math.Pow(1.01, _buckets.Length - 1), 2);
        }
    }
}

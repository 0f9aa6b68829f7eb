using System.Globalization;

namespace KartraDashboard.Bench;

/// <summary>What one bench run measures; see <see cref="BenchCommand.Usage"/>.</summary>
internal sealed record BenchOptions
{
    /// <summary>Every phase plays the same pings: the simulator's stories for this seed and start.</summary>
    public const int Seed = 42;
    public static readonly DateTime KartraStart = new(2026, 1, 1);

    public long Events { get; init; } = 1_000_000;
    public string? JsonFile { get; init; }
    /// <summary>Pings per load phase (HTTP ceiling, storage ceiling, each webhook run).</summary>
    public int LoadPings { get; init; } = 20_000;
    /// <summary>Pings in flight over HTTP. With 32, the store's writer waited for pings between commits; 64 keep it busy.</summary>
    public int Concurrency { get; init; } = 64;
    /// <summary>Timed runs per read route; the median is shown.</summary>
    public int Runs { get; init; } = 7;
    /// <summary>A new or empty folder the filled database is moved into once the reads are done; null deletes it.</summary>
    public string? KeepFolder { get; init; }

    /// <summary>Writes in flight for the storage ceiling and the fill: enough that the writer never waits.</summary>
    public int StoreInFlight => 256;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var (name, value) = arg.IndexOf('=') is var eq and > 0
                ? (arg[..eq], arg[(eq + 1)..])
                : (arg, i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value"));
            options = name switch
            {
                "--events" => options with { Events = Number(value, name, 1, 100_000_000) },
                "--json" => options with { JsonFile = value.Length > 0 ? value : throw new ArgumentException("--json needs a file name") },
                "--load-pings" => options with { LoadPings = (int)Number(value, name, 1, 10_000_000) },
                "--concurrency" => options with { Concurrency = (int)Number(value, name, 1, 1024) },
                "--runs" => options with { Runs = (int)Number(value, name, 1, 1000) },
                "--keep" => options with { KeepFolder = value.Length > 0 ? Path.GetFullPath(value) : throw new ArgumentException("--keep needs a folder") },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }
        return options;
    }

    private static long Number(string text, string option, long min, long max) =>
        long.TryParse(text.Replace(",", "").Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max}, not '{text}'");
}

/// <summary>A phase that could not be measured honestly (a ping refused, a route failing); the run stops.</summary>
internal sealed class BenchException(string message) : Exception(message);

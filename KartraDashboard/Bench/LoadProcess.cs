using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KartraDashboard.Bench;

/// <summary>What one load run came to, as the simulator measured it, plus the server's CPU.</summary>
internal sealed record LoadResult(long Accepted, double PingsPerSecond, double P50Ms, double P99Ms, double CpuMsPerPing);

/// <summary>
/// The load in a process of its own: this program's <c>simulate</c> command, so its work never
/// counts as the server's. The server runs in this process, so the server's CPU is this
/// process's processor time while the load runs.
/// </summary>
internal static partial class LoadProcess
{
    public static async Task<LoadResult> RunAsync(Uri url, BenchOptions options, bool newLeads, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        List<string> args =
        [
            typeof(LoadProcess).Assembly.Location, "simulate", "--url", url.ToString(), "--rate", "0",
            "--concurrency", options.Concurrency.ToString(inv), "--count", options.LoadPings.ToString(inv),
            "--seed", BenchOptions.Seed.ToString(inv), "--start", BenchOptions.KartraStart.ToString("yyyy-MM-dd", inv), "--timeout", "60s",
        ];
        if (newLeads) args.Add("--new-leads");
        var start = new ProcessStartInfo(DotnetHost(), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        using var process = Process.Start(start) ?? throw new BenchException("the load process could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var output = await stdout + await stderr;

        var done = DoneLine().Match(output);
        var latency = LatencyLine().Match(output);
        if (process.ExitCode != 0 || !done.Success || !latency.Success)
            throw new BenchException($"the load process ended with exit code {process.ExitCode}:{Environment.NewLine}{LastLines(output, 12)}");
        var accepted = long.Parse(done.Groups["accepted"].Value, inv);
        return new LoadResult(
            accepted,
            double.Parse(done.Groups["rate"].Value, inv),
            double.Parse(latency.Groups["p50"].Value, inv),
            double.Parse(latency.Groups["p99"].Value, inv),
            cpu.TotalMilliseconds / accepted);
    }

    /// <summary>The summary and errors come last; progress lines before them say little.</summary>
    private static string LastLines(string text, int count) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).TakeLast(count));

    /// <summary>The dotnet host this process runs under, else the one on the PATH (when started by its apphost).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    [GeneratedRegex(@"^Done in [\d.]+ s: sent \d+, accepted (?<accepted>\d+), rejected 0, failed 0; (?<rate>[\d.]+) pings/s", RegexOptions.Multiline)]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"^Latency: p50 (?<p50>[\d.]+) ms, p95 [\d.]+ ms, p99 (?<p99>[\d.]+) ms", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();
}

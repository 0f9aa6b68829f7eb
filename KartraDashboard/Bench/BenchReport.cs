using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KartraDashboard.Bench;

/// <summary>
/// One measured line. Only the figures that apply are set: rates and latency percentiles for
/// load, a median for a read (with the answer's size, and for a list what the filter matched),
/// a size for disk and memory, a change in percent for what a feature costs.
/// </summary>
public sealed record BenchRow(
    string Section,
    string Measure,
    double? PerSecond = null,
    double? P50Ms = null,
    double? P99Ms = null,
    double? CpuMsPerOp = null,
    double? MedianMs = null,
    long? Bytes = null,
    long? Matched = null,
    double? Change = null);

/// <summary>The machine a run happened on.</summary>
public sealed record BenchMachine(int Cores, long MemoryBytes, string Os, string Dotnet, string? Commit)
{
    public static BenchMachine Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        BuiltCommit());

    /// <summary>The commit the SDK stamps into the informational version ("1.0.0+sha"), when it knew one.</summary>
    private static string? BuiltCommit()
    {
        var version = typeof(BenchMachine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+') ?? -1;
        return plus < 0 ? null : version![(plus + 1)..];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Machine: {Cores} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {Os}, {Dotnet}, commit {Commit ?? "unknown"}");
}

/// <summary>Everything one run measured, as a table or as JSON.</summary>
public sealed record BenchReport(string Title, IReadOnlyList<BenchRow> Rows, BenchMachine Machine)
{
    private static readonly string[] Headers = ["section", "measure", "per s", "p50 ms", "p99 ms", "CPU ms/op", "median ms", "size", "matched", "change"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToTable()
    {
        var cells = Rows.Select(r => new[]
        {
            r.Section, r.Measure, Figure(r.PerSecond, "#,0"), Figure(r.P50Ms, Precise(r.P50Ms)), Figure(r.P99Ms, Precise(r.P99Ms)),
            Figure(r.CpuMsPerOp, "0.000"), Figure(r.MedianMs, Precise(r.MedianMs)), Size(r.Bytes),
            Figure(r.Matched, "#,0"), Figure(r.Change, "+0.0'%';-0.0'%';0.0'%'"),
        }).Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();

        var text = new StringBuilder().AppendLine(Title);
        foreach (var row in cells)
        {
            // Names to the left, figures to the right, so digits line up.
            var line = string.Join("  ", row.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
            text.AppendLine(line.TrimEnd());
        }
        return text.AppendLine(Machine.ToString()).ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string Precise(double? ms) => ms < 10 ? "0.00" : ms < 100 ? "0.0" : "#,0";

    private static string Figure(long? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string Figure(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string Size(long? bytes) => bytes switch
    {
        null => "",
        < 10 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):#,0.0} MiB"),
    };
}

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace KartraDashboard.Tests;

/// <summary>
/// The built dashboard run as a process of its own, as a user runs it, for what only a real
/// process shows: command-line flags, start-up output, and being killed.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    [GeneratedRegex(@"Dashboard:\s+(http://\S+?)/?\s*$", RegexOptions.Multiline)]
    private static partial Regex DashboardLine();

    private HostProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the dashboard on a free loopback port in <paramref name="workingDirectory"/> and waits for its banner.</summary>
    public static async Task<HostProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var host = Launch(workingDirectory, environment, args);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !host._process.HasExited)
        {
            if (DashboardLine().Match(host.Output) is { Success: true } m)
            {
                host.BaseAddress = new Uri(m.Groups[1].Value);
                return host;
            }
            await Task.Delay(100);
        }
        var output = host.Output;
        await host.DisposeAsync();
        throw new InvalidOperationException("The dashboard printed no address:\n" + output);
    }

    /// <summary>Runs the dashboard in <paramref name="workingDirectory"/> until it ends by itself; its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var host = Launch(workingDirectory, environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host._process.WaitForExitAsync(timeout.Token);
        return (host._process.ExitCode, host.Output);
    }

    private static HostProcess Launch(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "KartraDashboard.dll"), .. args, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in environment) start.Environment[k] = v;

        var host = new HostProcess(Process.Start(start)!);
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Ends the process at once, as a crash or a power cut would, without a chance to finish anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

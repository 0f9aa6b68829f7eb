using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KartraDashboard.Tests.Simulation;

public partial class DemoModeTests
{
    [GeneratedRegex(@"Dashboard:\s+(http://\S+?)/?\s*$", RegexOptions.Multiline)]
    private static partial Regex DashboardLine();

    [Fact]
    public async Task Demo_mode_fills_its_own_database_through_the_webhook_and_leaves_the_real_one_alone()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-demo-").FullName;
        var realDatabase = Path.Combine(folder, "real", "kartra.db");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "KartraDashboard.dll"), "--demo", "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Storage__DatabasePath"] = realDatabase,
                ["Dashboard__ApiKey"] = TestApp.ApiKey,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            string? url = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (url is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
                lock (output) url = DashboardLine().Match(output.ToString()) is { Success: true } m ? m.Groups[1].Value : null;
            }
            Assert.True(url is not null, "no dashboard URL printed:\n" + output);

            using var api = new HttpClient { BaseAddress = new Uri(url!) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
            long total = 0;
            while (total < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                total = (long)(await api.GetFromJsonAsync<JsonObject>("/api/events?take=1"))!["total"]!;
            }
            Assert.True(total >= 3, "the demo stored fewer than 3 events:\n" + output);
            Assert.True(File.Exists(Path.Combine(folder, "data", "demo.db")));
            Assert.False(File.Exists(realDatabase));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Simulation;

public class DemoModeTests
{
    [Fact]
    public async Task Demo_mode_fills_its_own_database_through_the_webhook_and_leaves_the_real_one_alone()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-demo-").FullName;
        var realDatabase = Path.Combine(folder, "real", "kartra.db");
        try
        {
            await using var host = await HostProcess.StartAsync(folder, new Dictionary<string, string>
            {
                ["Storage__DatabasePath"] = realDatabase,
                ["Dashboard__ApiKey"] = TestApp.ApiKey,
            }, "--demo");

            using var api = new HttpClient { BaseAddress = host.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.ApiKey);
            long total = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (total < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                total = (long)(await api.GetFromJsonAsync<JsonObject>("/api/events?take=1"))!["total"]!;
            }
            Assert.True(total >= 3, "the demo stored fewer than 3 events:\n" + host.Output);
            Assert.True(File.Exists(Path.Combine(folder, "data", "demo.db")));
            Assert.False(File.Exists(realDatabase));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

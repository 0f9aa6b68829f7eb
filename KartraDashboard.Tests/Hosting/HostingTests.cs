using System.Net;

namespace KartraDashboard.Tests.Hosting;

public class HostingTests
{
    [Fact]
    public async Task Healthz_answers_HEAD_like_GET()
    {
        await using var app = new TestApp();
        using var client = app.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));
        using var get = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/login")]
    [InlineData("/api/events")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_tells_browsers_not_to_guess_its_type(string path)
    {
        await using var app = new TestApp();
        using var api = app.Api();
        using var response = await api.GetAsync(path);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}

public class StoppedHostTests
{
    /// <summary>
    /// A stopped host leaves nothing that keeps it reachable (a timer of a middleware that is never
    /// disposed did): the tests and the bench start hundreds of hosts in one process.
    /// </summary>
    [Fact]
    public async Task A_stopped_host_is_garbage_collected()
    {
        var writer = await StartPingAndStopAsync();
        for (var i = 0; i < 20 && writer.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(100);
        }
        Assert.False(writer.IsAlive, "the stopped host's store writer is still reachable");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> StartPingAndStopAsync()
    {
        await using var app = new TestApp();
        using (var response = await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString())) response.EnsureSuccessStatusCode();
        using var browser = app.Browser();
        using (var login = await TestApp.SignInAsync(browser, TestApp.Password)) { }
        return new WeakReference(app.Service<KartraDashboard.Storage.StoreWriter>());
    }
}

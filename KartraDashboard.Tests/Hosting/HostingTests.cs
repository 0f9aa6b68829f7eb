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

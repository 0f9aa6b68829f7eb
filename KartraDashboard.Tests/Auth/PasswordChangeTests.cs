using System.Net;
using KartraDashboard.Auth;
using Microsoft.AspNetCore.SignalR.Client;

namespace KartraDashboard.Tests.Auth;

public class PasswordChangeTests
{
    [Fact]
    public async Task A_password_change_ends_hub_connections_signed_in_with_the_old_one_and_keeps_api_key_ones()
    {
        await using var app = new TestApp(new() { ["Dashboard:AdminPassword"] = "" });
        var secrets = app.Service<Secrets>();
        await secrets.SetPasswordAsync("first password 123");
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress })
            Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(browser, "first password 123")).StatusCode);

        await using var signedIn = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/events"), o => o.Cookies = cookies).Build();
        await using var script = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/events"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestApp.ApiKey)).Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signedIn.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await signedIn.StartAsync();
        await script.StartAsync();

        await secrets.SetPasswordAsync("second password 456");

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, signedIn.State);
        Assert.Equal(HubConnectionState.Connected, script.State);
        // Opening it again with the old cookie is refused.
        await using var again = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/events"), o => o.Cookies = cookies).Build();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync())).StatusCode);
    }
}

public class SameOriginTests
{
    [Fact]
    public async Task A_cookie_authenticated_post_from_another_sites_page_is_refused()
    {
        await using var app = new TestApp();
        using var browser = app.Browser();
        (await TestApp.SignInAsync(browser, TestApp.Password)).Dispose();
        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        async Task<HttpStatusCode> Post(string path, string? origin = null, string? referer = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("") };
            if (origin is not null) request.Headers.Add("Origin", origin);
            if (referer is not null) request.Headers.Referrer = new Uri(referer);
            using var response = await browser.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/quarantine/1/reprocess", "https://evil.example.com"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/quarantine/1/reprocess", "null"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/api/quarantine/1/reprocess", referer: "https://evil.example.com/page"));
        Assert.Equal(HttpStatusCode.NotFound, await Post("/api/quarantine/1/reprocess", own));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("/account/logout", "https://evil.example.com"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await Post("/account/logout", own));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/events")).StatusCode);

        // The API key is no cookie a browser sends by itself: its posts are taken from anywhere.
        using var api = app.Api();
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/quarantine/1/reprocess") { Content = new StringContent("") };
        keyed.Headers.Add("Origin", "https://evil.example.com");
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(keyed)).StatusCode);
    }
}

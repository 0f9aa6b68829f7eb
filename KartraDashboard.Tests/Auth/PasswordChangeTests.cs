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

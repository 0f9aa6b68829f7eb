using System.Net;
using KartraDashboard.Auth;

namespace KartraDashboard.Tests.Auth;

public class SignInTests
{
    [Fact]
    public async Task Signing_in_sets_a_cookie_that_opens_the_api_and_returns_to_the_page_asked_for()
    {
        await using var app = new TestApp();
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/events")).StatusCode);

        using var wrong = await TestApp.SignInAsync(browser, "not the password");
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.StartsWith("/login?error=1", wrong.Headers.Location!.OriginalString);

        using var right = await TestApp.SignInAsync(browser, TestApp.Password);
        Assert.Equal("/timeline", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/events")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example.com/")]
    [InlineData("/\\evil.example.com")]
    [InlineData("https://evil.example.com/")]
    [InlineData("/%01x")]
    public async Task A_return_address_off_this_site_leads_home_instead(string returnUrl)
    {
        await using var app = new TestApp();
        using var browser = app.Browser();
        using var response = await TestApp.SignInAsync(browser, TestApp.Password, Uri.UnescapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_browsers_signed_in_with_the_old_one()
    {
        await using var app = new TestApp(new() { ["Dashboard:AdminPassword"] = "" });
        var secrets = app.Service<Secrets>();
        await secrets.SetPasswordAsync("first password 123");
        using var browser = app.Browser();
        (await TestApp.SignInAsync(browser, "first password 123")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/events")).StatusCode);

        await secrets.SetPasswordAsync("second password 456");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/events")).StatusCode);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Each_attempt_from_an_address_waits_longer_than_the_last_until_one_succeeds()
    {
        var throttle = new LoginThrottle(TimeProvider.System);
        Assert.Equal(TimeSpan.Zero, throttle.Begin("10.0.0.1"));
        var second = throttle.Begin("10.0.0.1");
        var third = throttle.Begin("10.0.0.1");
        Assert.True(second > TimeSpan.Zero && third > second);
        Assert.Equal(TimeSpan.Zero, throttle.Begin("10.0.0.2"));
        throttle.Succeeded("10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.Begin("10.0.0.1"));
    }
}

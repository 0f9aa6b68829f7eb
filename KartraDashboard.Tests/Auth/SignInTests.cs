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

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void One_attempt_at_a_time_per_address_and_each_wrong_one_doubles_the_wait_until_one_succeeds()
    {
        var clock = new ManualClock();
        var throttle = new LoginThrottle(clock);
        Assert.True(throttle.TryBegin("10.0.0.1", out _));
        // A second attempt while the first is under way is refused, another address is not.
        Assert.False(throttle.TryBegin("10.0.0.1", out var busy));
        Assert.True(busy >= TimeSpan.FromSeconds(1));
        Assert.True(throttle.TryBegin("10.0.0.2", out _));

        var first = throttle.Failed("10.0.0.1");
        throttle.End("10.0.0.1");
        Assert.False(throttle.TryBegin("10.0.0.1", out _));
        clock.Now += first;
        Assert.True(throttle.TryBegin("10.0.0.1", out _));
        var second = throttle.Failed("10.0.0.1");
        throttle.End("10.0.0.1");
        Assert.Equal(2 * first, second);
        clock.Now += second;
        Assert.True(throttle.TryBegin("10.0.0.1", out _));
        throttle.Succeeded("10.0.0.1");
        throttle.End("10.0.0.1");
        Assert.True(throttle.TryBegin("10.0.0.1", out _));
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Ipv6_addresses_count_per_64_and_the_table_stays_capped()
    {
        Assert.Equal(LoginThrottle.KeyOf(IPAddress.Parse("2001:db8:1:2:aaaa::1")), LoginThrottle.KeyOf(IPAddress.Parse("2001:db8:1:2:bbbb::9")));
        Assert.NotEqual(LoginThrottle.KeyOf(IPAddress.Parse("2001:db8:1:2::1")), LoginThrottle.KeyOf(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("10.1.2.3", LoginThrottle.KeyOf(IPAddress.Parse("::ffff:10.1.2.3")));

        var clock = new ManualClock();
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i < 3 * LoginThrottle.MaxAddresses; i++)
        {
            var key = LoginThrottle.KeyOf(new IPAddress(BitConverter.GetBytes(i + 1)));
            Assert.True(throttle.TryBegin(key, out _));
            throttle.Failed(key);
            throttle.End(key);
            clock.Now += TimeSpan.FromMilliseconds(1);
        }
        Assert.True(throttle.Count <= LoginThrottle.MaxAddresses);
    }

    [Fact]
    public async Task Parallel_guesses_are_refused_with_429_and_the_right_password_after_retry_after_signs_in()
    {
        await using var app = new TestApp();
        using var browser = app.Browser();
        var page = await browser.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        FormUrlEncodedContent Form(string password) => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = "admin", ["password"] = password, ["returnUrl"] = "/leads",
        });

        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => browser.PostAsync("/account/login", Form("guess " + i))));
        var refused = guesses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 19, $"{refused.Count} of 20 parallel guesses were refused");
        Assert.All(guesses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.TooManyRequests, HttpStatusCode.Redirect }));
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/events")).StatusCode);

        // After the wait it asked for, the right password signs in.
        await Task.Delay(refused.Max(r => r.Headers.RetryAfter!.Delta!.Value));
        using var right = await browser.PostAsync("/account/login", Form(TestApp.Password));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/leads", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/events")).StatusCode);
        foreach (var r in guesses) r.Dispose();
    }

    [Fact]
    public async Task A_sign_in_body_over_the_limit_is_refused_unread()
    {
        await using var app = new TestApp();
        using var browser = app.Browser();
        using var huge = new StringContent("password=" + new string('a', 1024 * 1024), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await browser.PostAsync("/account/login", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_password_kept_with_fewer_iterations_is_hashed_again_at_sign_in()
    {
        var app = new TestApp(new() { ["Dashboard:AdminPassword"] = "" });
        var old = "pbkdf2-sha256$210000$" + Convert.ToBase64String(new byte[16]) + "$" +
                  Convert.ToBase64String(System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("an older password", new byte[16], 210_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32));
        await app.Service<KartraDashboard.Storage.StoreWriter>().SetSettingAsync("adminPasswordHash", old);
        app = await app.Restart();
        try
        {
            using var browser = app.Browser();
            using var response = await TestApp.SignInAsync(browser, "an older password");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/events")).StatusCode);
            var kept = app.Service<KartraDashboard.Storage.StoreStatus>().Setting("adminPasswordHash")!;
            Assert.StartsWith($"pbkdf2-sha256${PasswordHash.Iterations}$", kept);
            Assert.True(PasswordHash.Verify("an older password", kept));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

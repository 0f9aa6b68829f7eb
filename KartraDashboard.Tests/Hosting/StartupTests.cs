using System.Net;
using KartraDashboard.Hosting;
using KartraDashboard.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KartraDashboard.Tests.Hosting;

public class StartupTests
{
    [Fact]
    public async Task Logs_never_carry_the_token_the_key_the_password_or_a_leads_email()
    {
        await using var app = new TestApp();
        (await app.PostAsync(TestPings.From("assign_tag").Lead("1", "secret.person@example.com").ToJsonString())).EnsureSuccessStatusCode();
        (await app.PostAsync("broken {", token: TestApp.Token)).StatusCode.ToString();
        (await app.PostAsync("{}", token: "wrong-token-in-the-path")).StatusCode.ToString();
        using var api = app.Api();
        (await api.GetAsync("/api/events")).EnsureSuccessStatusCode();
        using var browser = app.Browser();
        using (var signIn = await TestApp.SignInAsync(browser, TestApp.Password, returnUrl: "/"))
        {
            // The password went through the whole sign-in, so its logs were written.
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/", signIn.Headers.Location!.OriginalString);
            Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kartra-dashboard=", StringComparison.Ordinal));
        }

        Assert.NotEmpty(app.Logs);
        var all = string.Join('\n', app.Logs);
        Assert.DoesNotContain(TestApp.Token, all);
        Assert.DoesNotContain(TestApp.ApiKey, all);
        Assert.DoesNotContain(TestApp.Password, all);
        Assert.DoesNotContain("secret.person@example.com", all);
        Assert.DoesNotContain("wrong-token-in-the-path", all);
    }

    [Fact]
    public async Task Generated_token_is_kept_in_the_database_across_restarts()
    {
        var app = new TestApp(new() { ["Kartra:WebhookToken"] = "", ["Dashboard:AdminPassword"] = "" });
        var token = app.Service<Secrets>().WebhookToken;
        Assert.True(token.Length >= 24);
        Assert.NotNull(app.Service<Secrets>().GeneratedPassword);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(TestPings.From("assign_tag").ToJsonString(), token: token)).StatusCode);

        app = await app.Restart();
        await using var _ = app;
        Assert.Equal(token, app.Service<Secrets>().WebhookToken);
        // The password is printed on the first start only.
        Assert.Null(app.Service<Secrets>().GeneratedPassword);
        Assert.Contains(token, app.Service<PublicUrls>().WebhookUrl);
    }

    [Fact]
    public async Task The_webhook_url_uses_the_public_url_when_set()
    {
        await using var app = new TestApp(new() { ["Dashboard:PublicUrl"] = "https://kartra.example.com/" });
        Assert.Equal($"https://kartra.example.com/webhooks/kartra/{TestApp.Token}", app.Service<PublicUrls>().WebhookUrl);
        Assert.Contains("Webhook URL: https://kartra.example.com/webhooks/kartra/", Banner(app));
        Assert.DoesNotContain("set Dashboard:PublicUrl", Banner(app));
    }

    [Fact]
    public async Task The_banner_shows_the_address_the_whole_webhook_url_and_a_generated_password_once()
    {
        var app = new TestApp(new() { ["Dashboard:AdminPassword"] = "" });
        var first = Banner(app);
        Assert.Contains($"Dashboard:   {app.BaseAddress}", first);
        Assert.Contains($"Webhook URL: {app.WebhookUrl}", first);
        Assert.Contains($"Sign in as 'admin' with the password {app.Service<Secrets>().GeneratedPassword}", first);
        Assert.Contains("set Dashboard:PublicUrl", first);

        app = await app.Restart();
        await using var _ = app;
        Assert.DoesNotContain("Sign in as", Banner(app));
    }

    private static string Banner(TestApp app)
    {
        using var output = new StringWriter();
        app.Services.GetServices<IHostedService>().OfType<StartupBanner>().Single().Write(output);
        return output.ToString();
    }

    [Theory]
    [Trait("Category", "Fast")]
    [InlineData("Kartra:TimeZone", "Mars/Olympus")]
    [InlineData("Dashboard:TimeZone", "Nowhere/City")]
    [InlineData("Dashboard:PublicUrl", "kartra.example.com")]
    [InlineData("Dashboard:PublicUrl", "http://kartra.example.com")]
    [InlineData("Dashboard:ApiKey", "short")]
    [InlineData("Dashboard:AdminPassword", "short")]
    [InlineData("Dashboard:Currency", "")]
    [InlineData("Kartra:WebhookToken", "has spaces in it, sadly")]
    public void A_bad_setting_is_refused_naming_its_key(string key, string value)
    {
        var kartra = new KartraDashboard.Ingestion.KartraOptions();
        var dashboard = new DashboardOptions();
        switch (key)
        {
            case "Kartra:TimeZone": kartra.TimeZone = value; break;
            case "Kartra:WebhookToken": kartra.WebhookToken = value; break;
            case "Dashboard:TimeZone": dashboard.TimeZone = value; break;
            case "Dashboard:PublicUrl": dashboard.PublicUrl = value; break;
            case "Dashboard:ApiKey": dashboard.ApiKey = value; break;
            case "Dashboard:AdminPassword": dashboard.AdminPassword = value; break;
            case "Dashboard:Currency": dashboard.Currency = value; break;
        }
        var results = new[] { new KartraOptionsValidator().Validate(null, kartra), new DashboardOptionsValidator().Validate(null, dashboard) };
        var failure = Assert.Single(results, r => r.Failed);
        Assert.Contains(key, failure.FailureMessage);
    }

    [Theory]
    [InlineData("Kartra:TimeZone", "Mars/Olympus")]
    [InlineData("Dashboard:PublicUrl", "http://kartra.example.com")]
    public async Task The_host_does_not_start_with_a_bad_setting(string key, string value)
    {
        // A process of its own: the refusal is what a user sees, a message and exit code 1.
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        try
        {
            var (exitCode, output) = await HostProcess.RunToExitAsync(folder, new Dictionary<string, string>
            {
                ["Storage__DatabasePath"] = Path.Combine(folder, "kartra.db"),
                [key.Replace(":", "__", StringComparison.Ordinal)] = value,
            });

            Assert.Equal(1, exitCode);
            var refusal = Assert.Single(output.Split('\n'), line => line.StartsWith("KartraDashboard cannot start:", StringComparison.Ordinal));
            Assert.Contains($"{key} '{value}'", refusal);
            // The one line, without the host's stack trace before it.
            Assert.DoesNotContain("   at ", output);
            Assert.DoesNotContain("Exception", output.Replace(refusal, "", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

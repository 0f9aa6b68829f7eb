using System.Net;
using KartraDashboard.Auth;
using SettingsPage = KartraDashboard.Components.Pages.Settings.Settings;

namespace KartraDashboard.Tests.Components.Pages.Settings;

public class SettingsPageTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    private static TestApp GeneratedSecrets() => new(new() { ["Kartra:WebhookToken"] = "", ["Dashboard:AdminPassword"] = "" });

    private static string Text(IRenderedComponent<SettingsPage> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public async Task Shows_the_webhook_url_storage_zones_and_currency()
    {
        await using var app = new TestApp();
        using (var r = await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString())) r.EnsureSuccessStatusCode();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();

        // The token is shown only in part; the copy button gives the whole URL.
        var url = cut.Find("input[data-testid='settings-webhook-url']").GetAttribute("value");
        Assert.StartsWith(new Uri(app.BaseAddress, "/webhooks/kartra/" + TestApp.Token[..4]).ToString(), url);
        Assert.DoesNotContain(TestApp.Token, cut.Markup);
        Assert.Contains("My Integrations → My API → Outbound API", Text(cut, "settings-webhook"));
        Assert.Equal(app.DatabasePath, Text(cut, "settings-db-path"));
        Assert.Matches(@"^[\d.,]+ (bytes|KB|MB)$", Text(cut, "settings-db-size"));
        Assert.Equal("1", Text(cut, "settings-events"));
        Assert.Equal("1", Text(cut, "settings-leads"));
        Assert.Matches(@"^America/New_York \(UTC-0[45]:00 now\)", Text(cut, "settings-zone-kartra"));
        Assert.StartsWith("America/New_York", Text(cut, "settings-zone-dashboard"));
        Assert.StartsWith("USD", Text(cut, "settings-currency"));
        // The backup link downloads (the page stays), from the API the browser's sign-in reaches.
        var backup = cut.Find("[data-testid=settings-backup-download]");
        Assert.EndsWith("/api/backup", backup.GetAttribute("href"));
        Assert.True(backup.HasAttribute("download"));
        Assert.Contains("No scheduled backups", Text(cut, "settings-backup"));
    }

    [Fact]
    public async Task Copies_the_webhook_url()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();

        cut.Find("[data-testid='settings-webhook-copy']").Click();

        // The click is handled on the page's dispatcher, after any render already queued there.
        cut.WaitForAssertion(() =>
        {
            var call = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "kartraDashboard.copy");
            Assert.Equal(app.WebhookUrl, call.Arguments[0]);
        }, Live);
    }

    [Fact]
    public async Task Secrets_fixed_in_configuration_cannot_be_changed_here()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();

        Assert.Contains("Kartra:WebhookToken", Text(cut, "settings-token-fixed"));
        Assert.True(cut.Find("[data-testid='settings-rotate']").HasAttribute("disabled"));
        Assert.Contains("Dashboard:AdminPassword", Text(cut, "settings-password-fixed"));
        Assert.Empty(cut.FindAll("[data-testid='settings-password-save']"));
    }

    [Fact]
    public async Task Tells_whether_an_api_key_is_set_without_showing_it()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();

        Assert.Contains("An API key is set", Text(cut, "settings-api-key"));
        Assert.Contains("Bearer YOUR_API_KEY", Text(cut, "settings-curl"));
        Assert.DoesNotContain(TestApp.ApiKey, cut.Markup);
        Assert.DoesNotContain(TestApp.Password, cut.Markup);
    }

    [Fact]
    public async Task A_new_webhook_url_retires_the_old_one_after_confirmation()
    {
        await using var app = GeneratedSecrets();
        var secrets = app.Service<Secrets>();
        var old = secrets.WebhookToken;
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();
        Assert.False(cut.Find("[data-testid='settings-rotate']").HasAttribute("disabled"));

        cut.Find("[data-testid='settings-rotate']").Click();
        var dialog = ctx.Dialogs!;
        dialog.WaitForAssertion(() => Assert.Contains("answer 404", dialog.Markup));
        dialog.WaitForElement("[data-testid='settings-rotate-confirm']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='settings-rotated-url']"), Live);
        var fresh = secrets.WebhookToken;
        Assert.NotEqual(old, fresh);
        Assert.Contains("/webhooks/kartra/" + fresh[..4], Text(cut, "settings-rotated-url"));
        Assert.DoesNotContain(fresh, cut.Markup);
        var ping = TestPings.From("assign_tag").Lead("1").ToJsonString();
        using (var r = await app.PostAsync(ping, token: old)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await app.PostAsync(ping, token: fresh)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Cancelling_keeps_the_webhook_url()
    {
        await using var app = GeneratedSecrets();
        var old = app.Service<Secrets>().WebhookToken;
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();

        cut.Find("[data-testid='settings-rotate']").Click();
        ctx.Dialogs!.WaitForElement("[data-testid='settings-rotate-cancel']").Click();

        Assert.Equal(old, app.Service<Secrets>().WebhookToken);
        Assert.Empty(cut.FindAll("[data-testid='settings-rotated']"));
    }

    [Fact]
    public async Task Changes_the_password_after_checking_the_current_one()
    {
        await using var app = GeneratedSecrets();
        var secrets = app.Service<Secrets>();
        var current = secrets.GeneratedPassword!;
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();

        void Fill(string now, string next, string again)
        {
            cut.Find("input[data-testid='settings-password-current']").Change(now);
            cut.Find("input[data-testid='settings-password-new']").Change(next);
            cut.Find("input[data-testid='settings-password-confirm']").Change(again);
            cut.Find("[data-testid='settings-password-save']").Click();
        }

        Fill("wrong password", "a new secret", "a new secret");
        cut.WaitForAssertion(() => Assert.Contains("current password is not right", Text(cut, "settings-password-error")));
        Fill(current, "short", "short");
        cut.WaitForAssertion(() => Assert.Contains("at least 8", Text(cut, "settings-password-error")));
        Fill(current, "a new secret", "a new secreT");
        cut.WaitForAssertion(() => Assert.Contains("differ", Text(cut, "settings-password-error")));
        Assert.True(secrets.IsAdminPassword(current));

        Fill(current, "a new secret", "a new secret");

        cut.WaitForAssertion(() => cut.Find("[data-testid='settings-password-changed']"), Live);
        Assert.True(secrets.IsAdminPassword("a new secret"));
        Assert.False(secrets.IsAdminPassword(current));
    }

    [Fact]
    public async Task Counts_events_posted_after_the_page_opened()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<SettingsPage>("/settings").WhenLoaded();
        Assert.Equal("0", Text(cut, "settings-events"));

        using (var r = await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString())) r.EnsureSuccessStatusCode();

        cut.WaitForAssertion(() => Assert.Equal("1", Text(cut, "settings-events")), Live);
        Assert.Equal("1", Text(cut, "settings-leads"));
    }
}

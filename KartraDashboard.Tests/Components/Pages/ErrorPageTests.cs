using System.Net;
using KartraDashboard.Components.Shared;
using KartraDashboard.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Components.Pages;

public class ErrorPageTests
{
    [Fact]
    public async Task An_error_nobody_caught_in_a_page_shows_the_error_page_and_logs_the_details()
    {
        // No request a user can make should break a page, so the test breaks one on purpose:
        // the overview cannot get its formatting service.
        await using var app = new TestApp(services: s =>
            s.AddSingleton<DashboardFormat>(_ => throw new InvalidOperationException("broken on purpose")));
        using var browser = app.Browser();
        (await TestApp.SignInAsync(browser, TestApp.Password, returnUrl: "/")).Dispose();

        using var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"error-page\"", html);
        Assert.Contains("Something went wrong", html);
        Assert.DoesNotContain("broken on purpose", html);
        Assert.DoesNotContain("InvalidOperationException", html);
        Assert.Contains(app.Logs, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("broken on purpose"));
    }

    [Fact]
    public async Task A_webhook_post_that_fails_still_answers_500_so_Kartra_sends_it_again()
    {
        await using var app = new TestApp(services: s =>
            s.AddSingleton<PingParser>(_ => throw new InvalidOperationException("broken on purpose")));

        using var response = await app.PostAsync(TestPings.From("assign_tag").ToJsonString());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}

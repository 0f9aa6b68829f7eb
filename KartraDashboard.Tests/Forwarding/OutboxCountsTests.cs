using System.Text.RegularExpressions;

namespace KartraDashboard.Tests.Forwarding;

public class OutboxCountsTests
{
    [Fact]
    public async Task Pending_and_failed_deliveries_are_counted_in_healthz_and_on_the_overview()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Status = 503;
        await using var app = new TestApp();
        using var api = app.Api();
        await ForwardingTests.CreateTarget(api, receiver.At("/down"));
        await app.PostAsync(TestPings.From("assign_tag").Lead("1").ToJsonString());
        await Receiver.Until(() => !receiver.Received.IsEmpty, "a first attempt");

        using var anonymous = app.CreateClient();
        Assert.Equal("ok\ndeliveries pending: 1\ndeliveries failed: 0\n", await anonymous.GetStringAsync("/healthz"));

        // The next attempt is answered 410: given up, and counted as failed.
        receiver.Status = 410;
        await Receiver.Until(() => anonymous.GetStringAsync("/healthz").Result.Contains("failed: 1"), "the delivery counted as failed");
        Assert.Equal("ok\ndeliveries pending: 0\ndeliveries failed: 1\n", await anonymous.GetStringAsync("/healthz"));

        using var browser = app.Browser();
        await TestApp.SignInAsync(browser, TestApp.Password);
        var overview = await browser.GetStringAsync("/");
        Assert.Matches(new Regex("data-testid=\"deliveries-pending\"[^>]*>0<"), overview);
        Assert.Matches(new Regex("data-testid=\"deliveries-failed\"[^>]*>1<"), overview);

        // Counts are kept in the file: a restart reads them back.
        await using var restarted = await app.Restart();
        using var again = restarted.CreateClient();
        Assert.Equal("ok\ndeliveries pending: 0\ndeliveries failed: 1\n", await again.GetStringAsync("/healthz"));
    }
}

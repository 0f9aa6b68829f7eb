using KartraDashboard.Tests.Money;
using SubscriptionsPage = KartraDashboard.Components.Pages.Subscriptions.Subscriptions;

namespace KartraDashboard.Tests.Components.Pages.Subscriptions;

public class SubscriptionsPageTests
{
    private static string Text(IRenderedComponent<SubscriptionsPage> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public async Task Shows_mrr_churn_trial_conversion_status_counts_and_the_list_the_address_filters()
    {
        await using var app = SubscriptionTrendTests.Host();
        await SubscriptionTrendTests.PostStoryAsync(app);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<SubscriptionsPage>("/subscriptions?from=2026-04-01&to=2026-04-30&status=overdue").WhenLoaded();

        cut.WaitForAssertion(() => Assert.Equal("$72.86", Text(cut, "subscriptions-mrr-amount")), DashboardTestContext.LiveTimeout);
        Assert.Equal("100%", Text(cut, "subscriptions-churn-rate"));
        Assert.Equal("50%", Text(cut, "subscriptions-trial-conversion"));
        Assert.Contains("1 of 2 trials", Text(cut, "subscriptions-trials-note"));
        Assert.Equal("Active 1", Text(cut, "subscriptions-status-active"));
        Assert.Equal("Overdue 2", Text(cut, "subscriptions-status-overdue"));
        Assert.Equal("Lapsed 1", Text(cut, "subscriptions-status-lapsed"));
        Assert.Equal("Cancelled 1", Text(cut, "subscriptions-status-cancelled"));

        // The status in the address filters the list: D and E, newest start first.
        var rows = cut.FindAll("[data-testid='subscription-row']");
        Assert.Equal(["5", "4"], rows.Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        Assert.All(cut.FindAll("[data-testid='subscription-status']"), s => Assert.Equal("Overdue", s.TextContent.Trim()));
        Assert.Equal("$42.86", rows[1].QuerySelector("[data-testid='subscription-mrr']")!.TextContent.Trim());

        // A row opens its lead.
        rows[1].Click();
        Assert.EndsWith("/leads/4", ctx.Navigation.Uri);
    }

    [Fact]
    public async Task A_product_in_the_address_narrows_the_list_and_a_status_chip_changes_the_address()
    {
        await using var app = SubscriptionTrendTests.Host();
        await SubscriptionTrendTests.PostStoryAsync(app);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<SubscriptionsPage>("/subscriptions?product=basic").WhenLoaded();
        cut.WaitForAssertion(() => Assert.Equal(["3"], cut.FindAll("[data-testid='subscription-row']").Select(r => r.QuerySelector("td")!.TextContent.Trim())),
            DashboardTestContext.LiveTimeout);

        cut.Find("[data-testid='subscriptions-status-lapsed']").Click();
        cut.WaitForAssertion(() => Assert.Contains("status=lapsed", ctx.Navigation.Uri), DashboardTestContext.LiveTimeout);
        Assert.Contains("product=basic", ctx.Navigation.Uri);
    }
}

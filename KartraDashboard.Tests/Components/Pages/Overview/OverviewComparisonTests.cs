using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using OverviewPage = KartraDashboard.Components.Pages.Overview.Overview;

namespace KartraDashboard.Tests.Components.Pages.Overview;

public class OverviewComparisonTests
{
    [Theory]
    [Trait("Category", "Fast")]
    [InlineData("150", "100", "+50%")]
    [InlineData("50", "100", "-50%")]
    [InlineData("100", "100", "0%")]
    [InlineData("1", "3", "-66.7%")]
    [InlineData("10", "0", "new")]
    [InlineData("0", "0", "–")]
    [InlineData("-20", "-10", "-100%")]   // a net twice as negative is down
    public void A_change_is_a_signed_percentage_of_the_period_before(string now, string before, string expected) =>
        Assert.Equal(expected, Change.Percent(decimal.Parse(now, CultureInfo.InvariantCulture), decimal.Parse(before, CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Each_figure_is_compared_with_the_period_before_it()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var zone = app.Service<ZoneSettings>().Kartra;
        string Kartra(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        // Today 150 against 100 yesterday at this time of day;
        // 200 ten days ago falls in the 7 days before the last 7.
        await ctx.PostAsync(TestPings.Sale("1", 1, 150m, date: Kartra(now)));
        await ctx.PostAsync(TestPings.Sale("2", 2, 100m, date: Kartra(now.AddDays(-1))));
        await ctx.PostAsync(TestPings.Sale("3", 3, 200m, date: Kartra(now.AddDays(-10))));

        var cut = ctx.RenderPage<OverviewPage>("/");

        cut.WaitForAssertion(() => Assert.Equal("+50%", cut.Find("[data-testid=today-sales-change]").TextContent.Trim()));
        Assert.Equal("+50%", cut.Find("[data-testid=today-net-change]").TextContent.Trim());
        Assert.Equal("–", cut.Find("[data-testid=today-refunds-change]").TextContent.Trim());
        // 250 in the last 7 days against 200 in the 7 before them.
        Assert.Equal("+25%", cut.Find("[data-testid=last7-sales-change]").TextContent.Trim());
        // Every sale is in the last 30 days: nothing before.
        Assert.Equal("new", cut.Find("[data-testid=last30-sales-change]").TextContent.Trim());
        Assert.Contains("vs yesterday so far", cut.Find("[data-testid=period-today]").TextContent);
    }
}

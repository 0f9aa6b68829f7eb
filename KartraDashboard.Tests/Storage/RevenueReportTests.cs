using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Storage;

[Trait("Category", "Fast")]
public class RevenueReportTests
{
    [Fact]
    public void A_report_lists_the_latest_days_and_sums_the_earlier_ones()
    {
        var first = new DateOnly(2025, 1, 1);
        var days = Enumerable.Range(0, RevenueTally.MaxDays + 10)
            .Select(i => new RevenueDay(first.AddDays(i), 1, i + 1, i % 2, i % 2 * 0.5m)).ToList();

        var report = new RevenueTally().ToReport("USD", days);

        Assert.Equal(RevenueTally.MaxDays, report.ByDay.Count);
        Assert.Equal(days[^1], report.ByDay[^1]);
        Assert.Equal(first.AddDays(10), report.ByDay[0].Date);
        var earlier = report.ByDayEarlier!;
        Assert.Equal(first, earlier.Date);
        Assert.Equal(10, earlier.SalesCount);
        Assert.Equal(Enumerable.Range(1, 10).Sum(), earlier.Sales);
        Assert.Equal(days.Sum(d => d.Refunds), earlier.Refunds + report.ByDay.Sum(d => d.Refunds));
    }

    [Fact]
    public void A_report_of_few_days_lists_them_all()
    {
        var days = new[] { new RevenueDay(new DateOnly(2025, 1, 1), 1, 5, 0, 0) };
        var report = new RevenueTally().ToReport("USD", days);
        Assert.Equal(days, report.ByDay);
        Assert.Null(report.ByDayEarlier);
    }
}

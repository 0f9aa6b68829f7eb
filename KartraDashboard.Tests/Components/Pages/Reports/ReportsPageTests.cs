using KartraDashboard.Tests.Subjects;
using Microsoft.AspNetCore.Components;
using ReportsPage = KartraDashboard.Components.Pages.Reports.Reports;
using SubjectPage = KartraDashboard.Components.Pages.Reports.SubjectReport;

namespace KartraDashboard.Tests.Components.Pages.Reports;

public class ReportsPageTests
{
    private static string Text<T>(IRenderedComponent<T> cut, string selector) where T : IComponent =>
        cut.Find(selector).TextContent.Trim();

    [Fact]
    public async Task The_tags_tab_lists_each_tag_with_its_counts_and_leads_now_busiest_first()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<ReportsPage>("/reports").WhenLoaded();

        var rows = cut.FindAll("[data-testid='reports-table'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("VIP customers", rows[0].TextContent);
        Assert.Equal("3", rows[0].QuerySelector("[data-testid='report-assign_tag']")!.TextContent.Trim());
        Assert.Equal("1", rows[0].QuerySelector("[data-testid='report-unassign_tag']")!.TextContent.Trim());
        Assert.Equal("2", rows[0].QuerySelector("[data-testid='report-current']")!.TextContent.Trim());
        Assert.Equal("/leads?tag=5", rows[0].QuerySelector("[data-testid='report-current'] a")!.GetAttribute("href"));
        Assert.Equal("/reports/tag/5", rows[0].QuerySelector("[data-testid='report-subject'] a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_tab_per_kind_shows_its_rate_and_the_kind_lives_in_the_url()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<ReportsPage>("/reports?kind=list").WhenLoaded();
        // Three subscriptions, two unsubscriptions.
        Assert.Equal("67%", Text(cut, "[data-testid='report-rate']"));
        Assert.Equal("1", Text(cut, "[data-testid='report-current']"));

        cut = ctx.RenderPage<ReportsPage>("/reports?kind=sequence").WhenLoaded();
        Assert.Equal("50%", Text(cut, "[data-testid='report-rate']"));

        cut = ctx.RenderPage<ReportsPage>("/reports?kind=nothing");
        Assert.Contains("not a kind of subject", Text(cut, "[data-testid='reports-error']"));
    }

    [Fact]
    public async Task The_report_follows_new_pings_live()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var cut = ctx.RenderPage<ReportsPage>("/reports?kind=tag").WhenLoaded();
        cut.Find("[data-testid='reports-empty']");

        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1"));

        cut.WaitForAssertion(() => Assert.Contains("VIP", Text(cut, "[data-testid='report-subject']")), DashboardTestContext.LiveTimeout);
    }

    [Fact]
    public async Task A_subject_shows_its_counts_days_parts_and_links()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<SubjectPage>("/reports/membership/4", p => p.Add(x => x.Kind, "membership").Add(x => x.Id, "4")).WhenLoaded();

        Assert.Equal("Gold Club", Text(cut, "[data-testid='subject-title']"));
        Assert.Contains("2", Text(cut, "[data-testid='subject-count-membership_granted']"));
        Assert.Equal("/leads?membership=4", cut.Find("[data-testid='subject-leads']").GetAttribute("href"));
        Assert.Contains("1 leads in it now", Text(cut, "[data-testid='subject-leads']"));
        Assert.Equal("/timeline?subject=membership%3A4", cut.Find("[data-testid='subject-events']").GetAttribute("href"));
        cut.Find("[data-testid='subject-chart'] svg");
        var levels = cut.FindAll("[data-testid='part-name']").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Level 2", "Level 1"], levels); // busiest first: level 2 was granted and revoked

        var missing = ctx.RenderPage<SubjectPage>("/reports/tag/99", p => p.Add(x => x.Kind, "tag").Add(x => x.Id, "99")).WhenLoaded();
        Assert.Contains("There is no tag 99", Text(missing, "[data-testid='subject-error']"));
    }
}

using KartraDashboard.Tests.Subjects;
using LeadPage = KartraDashboard.Components.Pages.Lead.Lead;
using LeadsPage = KartraDashboard.Components.Pages.Leads.Leads;
using TimelinePage = KartraDashboard.Components.Pages.Timeline.Timeline;

namespace KartraDashboard.Tests.Components.Pages.Reports;

/// <summary>The subject filters, sorts and exports on the leads, timeline and lead pages.</summary>
public class SubjectFiltersPageTests
{
    [Fact]
    public async Task The_leads_page_takes_its_filters_and_sort_from_the_url_shows_them_as_chips_and_exports_them()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<LeadsPage>("/leads?tag=5&sort=name&order=asc").WhenLoaded();

        Assert.Equal(2, cut.FindAll("[data-testid='lead-id']").Count);
        Assert.Contains("Tag #5", cut.Find("[data-testid='leads-chip-tag']").TextContent);
        Assert.EndsWith("/api/leads.csv?tag=5&sort=name&order=asc", cut.Find("[data-testid='leads-export']").GetAttribute("href"));

        cut = ctx.RenderPage<LeadsPage>("/leads?list=9&minSpent=50").WhenLoaded();
        Assert.Equal("1", cut.Find("[data-testid='lead-id']").TextContent.Trim());
        cut.Find("[data-testid='leads-chip-minSpent']");

        cut = ctx.RenderPage<LeadsPage>("/leads?sort=age");
        Assert.Contains("'sort' must be one of", cut.Find("[data-testid='leads-error']").TextContent);
    }

    [Fact]
    public async Task The_timeline_narrows_to_a_subject_and_exports_what_it_shows()
    {
        await using var app = new TestApp();
        await SubjectsApiTests.PostAllAsync(app, SubjectsApiTests.Story);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TimelinePage>("/timeline?subject=tag:50");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='event-time']")), DashboardTestContext.LiveTimeout);
        Assert.Contains("#50", cut.Find("[data-testid='filter-subject']").TextContent);
        Assert.EndsWith("/api/events.csv?subject=tag:50", Uri.UnescapeDataString(cut.Find("[data-testid='timeline-export']").GetAttribute("href")!));

        // Live: only events about the subject join the page.
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("4").Details("tag", ("tag_id", 50)));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("4").Details("tag", ("tag_id", 51)));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid='event-time']").Count), DashboardTestContext.LiveTimeout);
    }

    [Fact]
    public async Task The_lead_page_labels_its_attributes_and_kartras_flags()
    {
        await using var app = new TestApp();
        var ping = TestPings.From("assign_tag").Lead("7");
        var lead = ping["lead"]!.AsObject();
        lead["country"] = "";
        lead["ip_country"] = "Portugal";
        lead["date_joined"] = "0000-00-00 00:00:00";
        lead["blacklisted"] = "1";
        await SubjectsApiTests.PostAllAsync(app, [ping]);
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<LeadPage>("/leads/7", p => p.Add(x => x.LeadId, "7"));
        cut.WaitForAssertion(() => cut.Find("[data-testid='lead-attributes']"), DashboardTestContext.LiveTimeout);

        Assert.Equal("Portugal", cut.Find("[data-testid='lead-country']").TextContent.Trim());
        Assert.Equal("none", cut.Find("[data-testid='lead-joined']").TextContent.Trim());
        cut.Find("[data-testid='lead-blacklisted']");
        Assert.Empty(cut.FindAll("[data-testid='lead-deleted']"));
    }
}

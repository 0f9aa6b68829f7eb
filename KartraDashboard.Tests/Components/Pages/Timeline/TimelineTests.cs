using KartraDashboard.Storage;
using TimelinePage = KartraDashboard.Components.Pages.Timeline.Timeline;

namespace KartraDashboard.Tests.Components.Pages.Timeline;

public class TimelineTests
{
    private static IReadOnlyList<string> Summaries(IRenderedComponent<TimelinePage> cut) =>
        cut.FindAll("[data-testid=event-summary]").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task Without_events_it_says_how_to_get_some()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TimelinePage>("/timeline");

        cut.WaitForAssertion(() => Assert.Contains("webhook URL", cut.Find("[data-testid=timeline-empty]").TextContent));
        Assert.Equal("0 events", cut.Find("[data-testid=timeline-total]").TextContent.Trim());
    }

    [Fact]
    public async Task Events_are_listed_newest_first_with_the_total()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1", "ann@example.com", "Ann").Details("tag", ("tag_name", "First")));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("2", "bo@example.com", "Bo").Details("tag", ("tag_name", "Second")));

        var cut = ctx.RenderPage<TimelinePage>("/timeline");

        cut.WaitForAssertion(() => Assert.Equal(["Tag assigned: Second", "Tag assigned: First"], Summaries(cut)));
        Assert.Equal("1–2 of 2 events", cut.Find("[data-testid=timeline-total]").TextContent.Trim());
        Assert.EndsWith("/leads/2", cut.Find("[data-testid=event-lead] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Action_lead_and_date_filters_in_the_url_narrow_the_list()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1", "ann@example.com", "Ann").Details("tag", ("tag_name", "VIP")));
        await ctx.PostAsync(TestPings.From("list_subscription").Lead("1", "ann@example.com", "Ann"));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("2", "bo@example.com", "Bo").Details("tag", ("tag_name", "Cold")));

        var cut = ctx.RenderPage<TimelinePage>("/timeline?action=assign_tag");
        cut.WaitForAssertion(() => Assert.Equal(["Tag assigned: Cold", "Tag assigned: VIP"], Summaries(cut)));

        ctx.Navigation.NavigateTo("/timeline?action=assign_tag&lead=ANN@example");
        cut.WaitForAssertion(() => Assert.Equal(["Tag assigned: VIP"], Summaries(cut)));

        ctx.Navigation.NavigateTo("/timeline?lead=1");
        cut.WaitForAssertion(() => Assert.Equal(2, Summaries(cut).Count));

        ctx.Navigation.NavigateTo("/timeline?from=2000-01-01&to=2000-01-31");
        cut.WaitForAssertion(() => Assert.Contains("No events match", cut.Find("[data-testid=timeline-empty]").TextContent));
    }

    [Fact]
    public async Task Choosing_an_action_puts_it_in_the_url()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1"));
        await ctx.PostAsync(TestPings.From("list_subscription").Lead("1"));
        var cut = ctx.RenderPage<TimelinePage>("/timeline");
        cut.WaitForAssertion(() => Assert.Equal(2, Summaries(cut).Count));

        cut.Find("[data-testid=filter-actions-toggle]").Click();
        // The list opens in the render that follows the click, which may come after a live update's render.
        cut.WaitForElement("[data-testid=filter-action-list_subscription]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/timeline?action=list_subscription", ctx.Navigation.Uri));
        cut.WaitForAssertion(() => Assert.Single(Summaries(cut)));
        Assert.Contains("Subscribed to list", cut.Find("[data-testid=filter-action-selected]").TextContent);
    }

    [Fact]
    public async Task A_matching_ping_appears_on_top_without_reload_and_others_stay_out()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1").Details("tag", ("tag_name", "Old")));
        var cut = ctx.RenderPage<TimelinePage>("/timeline?action=assign_tag");
        cut.WaitForAssertion(() => Assert.Single(Summaries(cut)));

        await ctx.PostAsync(TestPings.From("list_subscription").Lead("1"));
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1").Details("tag", ("tag_name", "New")));

        cut.WaitForAssertion(() => Assert.Equal(["Tag assigned: New", "Tag assigned: Old"], Summaries(cut)), DashboardTestContext.LiveTimeout);
        Assert.Equal("1–2 of 2 events", cut.Find("[data-testid=timeline-total]").TextContent.Trim());
    }

    [Fact]
    public async Task While_paused_new_pings_wait_behind_a_chip_that_loads_them()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1").Details("tag", ("tag_name", "Old")));
        var cut = ctx.RenderPage<TimelinePage>("/timeline");
        cut.WaitForAssertion(() => Assert.Single(Summaries(cut)));

        // Switching live off pauses the list.
        cut.Find("input[data-testid=live-pause]").Change(false);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1").Details("tag", ("tag_name", "New")));

        cut.WaitForAssertion(() => Assert.Equal("1 new event", cut.Find("[data-testid=new-events-chip]").TextContent.Trim()), DashboardTestContext.LiveTimeout);
        Assert.Equal(["Tag assigned: Old"], Summaries(cut));

        cut.Find("[data-testid=new-events-chip]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Tag assigned: New", "Tag assigned: Old"], Summaries(cut)));
        Assert.Empty(cut.FindAll("[data-testid=new-events-chip]"));
    }

    [Fact]
    public async Task Older_and_newer_step_through_pages_of_fifty()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await Task.WhenAll(Enumerable.Range(1, 53).Select(i =>
            ctx.PostAsync(TestPings.From("assign_tag").Lead(i.ToString()).Details("tag", ("tag_name", "T" + i)))));
        var cut = ctx.RenderPage<TimelinePage>("/timeline");
        cut.WaitForAssertion(() => Assert.Equal(50, Summaries(cut).Count));
        Assert.Equal("1–50 of 53 events", cut.Find("[data-testid=timeline-total]").TextContent.Trim());

        cut.Find("[data-testid=page-older]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, Summaries(cut).Count));
        Assert.Equal("51–53 of 53 events", cut.Find("[data-testid=timeline-total]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=page-older]").HasAttribute("disabled"));

        cut.Find("[data-testid=page-newer]").Click();
        cut.WaitForAssertion(() => Assert.Equal(50, Summaries(cut).Count));
        Assert.Equal("1–50 of 53 events", cut.Find("[data-testid=timeline-total]").TextContent.Trim());
    }

    [Fact]
    public async Task Clicking_an_event_shows_its_fields_and_indented_body()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var id = await ctx.PostAsync(TestPings.From("assign_tag").Lead("7", "cy@example.com", "Cy").Details("tag", ("tag_name", "VIP")));
        var cut = ctx.RenderPage<TimelinePage>("/timeline");
        cut.WaitForAssertion(() => Assert.Single(Summaries(cut)));

        cut.Find("[data-testid=event-summary]").Click();

        ctx.Providers.WaitForAssertion(() => Assert.NotNull(ctx.Providers.Find("[data-testid=event-details-raw]")));
        var raw = ctx.Providers.Find("[data-testid=event-details-raw]").TextContent;
        Assert.Contains("\n  \"action\": \"assign_tag\"", raw);
        Assert.Contains("America/New_York", ctx.Providers.Find("[data-testid=event-details-time]").TextContent);
        Assert.EndsWith("/leads/7", ctx.Providers.Find("[data-testid=event-details-lead]").GetAttribute("href"));
        Assert.Equal(id, app.Service<EventReads>().List(new EventQuery()).Items.Single().Id);

        // Shown indented, copied exactly as it came.
        ctx.Providers.Find("[data-testid=event-details-copy]").Click();
        var copied = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "kartraDashboard.copy");
        Assert.Equal(app.Service<EventReads>().Detail(long.Parse(id))!.Raw, copied.Arguments[0]);
    }
}

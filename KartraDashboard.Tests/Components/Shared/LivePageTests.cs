using Bunit;
using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using TimelinePage = KartraDashboard.Components.Pages.Timeline.Timeline;

namespace KartraDashboard.Tests.Components.Shared;

public class LivePageTests
{
    /// <summary>
    /// The smallest live page: it shows how many events the store holds, reads it through the
    /// base, and hands live batches to a handler the test supplies.
    /// </summary>
    private sealed class CountPage : LivePage
    {
        [Parameter] public Func<long> Read { get; set; } = () => 0;
        [Parameter] public Func<IReadOnlyList<EventItem>, Task>? Live { get; set; }

        private long? _count;

        protected override Task OnInitializedAsync() => ReloadAsync();

        protected override Task ReloadAsync() => ReadAsync(Read, count => _count = count, "The count could not be read");

        protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
        {
            if (Live is not null) await Live(batch);
            await ReloadAsync();
            return true;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<PageError>(0);
            builder.AddComponentParameter(1, nameof(PageError.Message), Error);
            builder.AddComponentParameter(2, nameof(PageError.Retry), Retry);
            builder.CloseComponent();
            if (_count is { } count)
            {
                builder.OpenElement(3, "span");
                builder.AddAttribute(4, "data-testid", "count");
                builder.AddContent(5, count);
                builder.CloseElement();
            }
        }
    }

    private static string Count(IRenderedComponent<CountPage> cut) => cut.Find("[data-testid=count]").TextContent;

    [Fact]
    public async Task A_failed_read_shows_one_error_with_a_retry_that_reads_again()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1"));
        var store = app.Service<StoreStatus>();
        var failures = 1;
        long Read() => failures-- > 0 ? throw new IOException("the disk is gone") : store.Totals.LastEventId;

        var cut = ctx.Render<CountPage>(p => p.Add(x => x.Read, Read));

        cut.WaitForAssertion(() => Assert.Equal("The count could not be read: the disk is gone", cut.Find("[data-testid=page-error-message]").TextContent));
        Assert.Single(cut.FindAll("[data-testid=page-error]"));
        Assert.Empty(cut.FindAll("[data-testid=count]"));

        cut.Find("[data-testid=page-error-retry]").Click();

        cut.WaitForAssertion(() => Assert.Equal("1", Count(cut)), DashboardTestContext.LiveTimeout);
        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public async Task Reads_run_off_the_render_thread()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        bool? onRenderThread = null;
        var dispatcher = ctx.Renderer.Dispatcher;

        var cut = ctx.Render<CountPage>(p => p.Add(x => x.Read, () =>
        {
            onRenderThread = dispatcher.CheckAccess();
            return 7;
        }));

        cut.WaitForAssertion(() => Assert.Equal("7", Count(cut)), DashboardTestContext.LiveTimeout);
        Assert.False(onRenderThread);
    }

    [Fact]
    public async Task A_live_handler_that_fails_shows_the_error_and_the_page_keeps_following()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        var store = app.Service<StoreStatus>();
        var batches = 0;
        Task Live(IReadOnlyList<EventItem> batch) =>
            ++batches == 1 ? throw new InvalidOperationException("a bad batch") : Task.CompletedTask;

        var cut = ctx.Render<CountPage>(p => p
            .Add(x => x.Read, () => store.Totals.LastEventId)
            .Add(x => x.Live, Live));
        cut.WaitForAssertion(() => Assert.Equal("0", Count(cut)), DashboardTestContext.LiveTimeout);

        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1"));
        cut.WaitForAssertion(() => Assert.Equal("New events could not be shown: a bad batch",
            cut.Find("[data-testid=page-error-message]").TextContent), DashboardTestContext.LiveTimeout);

        await ctx.PostAsync(TestPings.From("assign_tag").Lead("2"));
        cut.WaitForAssertion(() => Assert.Equal("2", Count(cut)), DashboardTestContext.LiveTimeout);
        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public async Task A_link_the_page_cannot_use_is_named_without_a_retry()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.RenderPage<TimelinePage>("/timeline?from=yesterday");

        Assert.Contains("'from' is not a date", cut.Find("[data-testid=timeline-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=page-error-retry]"));
    }
}

using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Components.Shared;

public class EventTableTests
{
    [Fact]
    public async Task A_tag_named_like_a_script_is_shown_as_text()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.From("assign_tag").Lead("1", "<b>x</b>@example.com", "<script>alert(2)</script>")
            .Details("tag", ("tag_name", "<script>alert(1)</script>")));
        var items = app.Service<EventReads>().List(new EventQuery()).Items;

        var cut = ctx.Render<EventTable>(p => p.Add(t => t.Items, items));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", cut.Markup);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Contains("<script>alert(1)</script>", cut.Find("[data-testid=event-summary]").TextContent);
    }

    [Fact]
    public async Task A_duplicate_sale_is_marked_and_refunds_show_as_negative_amounts()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);
        await ctx.PostAsync(TestPings.Sale("1", 900, 25m));
        await ctx.PostAsync(TestPings.Sale("1", 900, 25m));
        await ctx.PostAsync(TestPings.Refund("1", 901, 10m));
        var items = app.Service<EventReads>().List(new EventQuery()).Items;

        var cut = ctx.Render<EventTable>(p => p.Add(t => t.Items, items));

        Assert.Equal(["-$10.00", "$25.00", "$25.00"], cut.FindAll("[data-testid=event-amount]").Select(e => e.TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=event-duplicate]"));
    }
}

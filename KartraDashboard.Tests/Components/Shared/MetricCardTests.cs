using Bunit;
using KartraDashboard.Components.Shared;
using MudBlazor;

namespace KartraDashboard.Tests.Components.Shared;

public class MetricCardTests
{
    [Fact]
    public async Task Shows_the_title_the_figure_and_its_note_each_where_a_test_id_names_it()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.Render<MetricCard>(p => p
            .Add(c => c.Title, "Refunds")
            .Add(c => c.Value, "$25.25")
            .Add(c => c.Note, "1 refund")
            .Add(c => c.Color, Color.Error)
            .Add(c => c.Large, true)
            .Add(c => c.TestId, "card")
            .Add(c => c.ValueTestId, "card-value")
            .Add(c => c.NoteTestId, "card-note"));

        Assert.Contains("Refunds", cut.Find("[data-testid=card]").TextContent);
        var value = cut.Find("[data-testid=card-value]");
        Assert.Equal("$25.25", value.TextContent);
        Assert.Contains("mud-typography-h5", value.ClassName);
        Assert.Contains("mud-error-text", value.ClassName);
        Assert.Equal("1 refund", cut.Find("[data-testid=card-note]").TextContent);
    }

    [Fact]
    public async Task A_card_without_a_figure_shows_its_content_and_a_script_as_text()
    {
        await using var app = new TestApp();
        await using var ctx = new DashboardTestContext(app);

        var cut = ctx.Render<MetricCard>(p => p
            .Add(c => c.Title, "<script>alert(1)</script>")
            .Add(c => c.TestId, "card")
            .AddChildContent("<table data-testid=\"figures\"></table>"));

        Assert.Single(cut.FindAll("[data-testid=figures]"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>alert(1)</script>", cut.Find("[data-testid=card]").TextContent);
        Assert.Single(cut.FindAll(".mud-typography"));
    }
}

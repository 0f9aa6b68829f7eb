using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Ownership;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Ownership;

/// <summary>The wall clock, or a time set by the test.</summary>
internal sealed class SetClock : TimeProvider
{
    public DateTimeOffset? Now { get; set; }
    public override DateTimeOffset GetUtcNow() => Now ?? base.GetUtcNow();
}

public class RetentionTests
{
    [Fact]
    public async Task Retention_removes_old_bodies_then_old_events_and_no_figure_changes()
    {
        var clock = new SetClock();
        await using var app = new TestApp(
            new() { ["Storage:RawBodyDays"] = "1", ["Storage:EventDays"] = "2" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        using var api = app.Api();
        var old = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            (await app.PostAsync(TestPings.Sale($"{i % 2}", i + 1, 10m).ToJsonString())).EnsureSuccessStatusCode();
            using var tag = await app.PostAsync(TestPings.From("assign_tag").Lead($"{i % 3}", gdpr: i % 4).ToJsonString());
            old.Add((string)(await tag.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }
        await Task.Delay(50);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var kept = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var tag = await app.PostAsync(TestPings.From("assign_tag").Lead($"{i}").ToJsonString());
            kept.Add((string)(await tag.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }
        async Task<string> Figures() => string.Join('\n',
            await api.GetStringAsync("/api/revenue"), await api.GetStringAsync("/api/gdpr"),
            await api.GetStringAsync("/api/leads"), await api.GetStringAsync("/api/transactions"));
        var figures = await Figures();

        // A day after the cut: the bodies before it go, their events stay.
        clock.Now = cut.AddDays(1);
        var (bodies, events) = await app.Service<Retention>().RunOnceAsync();
        Assert.Equal((12L, 0L), (bodies, events));
        var removed = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{old[0]}"))!;
        Assert.Equal("retention", (string?)removed["rawRemoved"]);
        Assert.Equal("", (string?)removed["raw"]);
        var intact = (await api.GetFromJsonAsync<JsonObject>($"/api/events/{kept[0]}"))!;
        Assert.Null(intact["rawRemoved"]);
        Assert.Contains("assign_tag", (string?)intact["raw"]);
        Assert.Equal(15, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
        Assert.Equal(figures, await Figures());

        // Two days after: the events before it go too; every list still says what it holds.
        clock.Now = cut.AddDays(2);
        // (The later events are a day old by then as well: their bodies go.)
        Assert.Equal((3L, 12L), await app.Service<Retention>().RunOnceAsync());
        var list = (await api.GetFromJsonAsync<JsonObject>("/api/events"))!;
        Assert.Equal(3, (int)list["total"]!);
        Assert.Equal(kept.AsEnumerable().Reverse(), list["items"]!.AsArray().Select(e => (string)e!["id"]!));
        Assert.Equal(3, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag"))!["total"]!);
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?action=buy_product"))!["total"]!);
        Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?lead=1"))!["total"]!);
        Assert.Equal(figures, await Figures());
        // The lead keeps its totals: they are figures, kept on write.
        var lead = (await api.GetFromJsonAsync<JsonObject>("/api/leads/1"))!;
        Assert.Equal(30m, (decimal)lead["spent"]!);
        Assert.Equal(6, (int)lead["events"]!);
    }
}

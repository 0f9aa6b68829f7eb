using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;

namespace KartraDashboard.Components.Pages.Overview;

public partial class Overview : LivePage
{
    [Inject] private EventReads EventReads { get; set; } = default!;
    [Inject] private LeadReads LeadReads { get; set; } = default!;
    [Inject] private RevenueReads RevenueReads { get; set; } = default!;
    [Inject] private StoreStatus StoreStatus { get; set; } = default!;
    private const int LatestCount = 15;

    [Inject] private PublicUrls Urls { get; set; } = default!;

    private IReadOnlyList<Period>? _periods;
    private List<EventItem> _latest = [];
    private IReadOnlySet<string> _fresh = new HashSet<string>();

    private sealed record Period(string Key, string Title, string Days, long Events, long NewLeads, RevenueReport Revenue)
    {
        /// <summary>The same figures over the period before (today: yesterday up to this time of day), to compare with.</summary>
        public Period? Previous { get; init; }
        public string? PreviousLabel { get; init; }
    }

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected override Task ReloadAsync() =>
        ReadAsync(() => (ComputePeriods(), EventReads.List(new EventQuery { Take = LatestCount }).Items), read =>
        {
            _periods = read.Item1;
            _latest = [.. read.Item2];
        }, "The figures could not be read");

    private IReadOnlyList<Period> ComputePeriods()
    {
        var today = Format.Today;
        return
        [
            Compute("today", "Today", today, today) with { Previous = ComputeSoFar(today.AddDays(-1)), PreviousLabel = "vs yesterday so far" },
            Compute("last7", "Last 7 days", today.AddDays(-6), today) with { Previous = Compute("prev7", "", today.AddDays(-13), today.AddDays(-7)), PreviousLabel = "vs the 7 days before" },
            Compute("last30", "Last 30 days", today.AddDays(-29), today) with { Previous = Compute("prev30", "", today.AddDays(-59), today.AddDays(-30)), PreviousLabel = "vs the 30 days before" },
        ];
    }

    private Period Compute(string key, string title, DateOnly first, DateOnly last)
    {
        var from = Days.Start(first, Format.Zone);
        var to = Days.End(last, Format.Zone);
        var days = first == last ? Day(first) : $"{Day(first)} to {Day(last)}";
        return new Period(key, title, days, EventReads.Count(from, to), LeadReads.CountNew(first, last), RevenueReads.Report(from, to, Format.Currency));
    }

    /// <summary>A day up to the time of day it is now (new leads are kept per day, so they count the whole day).</summary>
    private Period ComputeSoFar(DateOnly day)
    {
        var from = Days.Start(day, Format.Zone);
        var sameTime = DateTimeOffset.UtcNow.AddDays(-1);
        var to = sameTime < Days.End(day, Format.Zone) ? sameTime : Days.End(day, Format.Zone);
        return new Period("yesterday", "", Day(day), EventReads.Count(from, to), LeadReads.CountNew(day, day), RevenueReads.Report(from, to, Format.Currency));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        var merged = LiveList.Merge(_latest, batch, LatestCount);
        _latest = merged.Items;
        _fresh = merged.Fresh;
        // Figures come from kept totals, so recomputing them per batch stays cheap.
        await ReadAsync(ComputePeriods, periods => _periods = periods, "The figures could not be updated");
        return true;
    }

    private Task ShowEventAsync(EventItem item) => EventDetailsDialog.ShowAsync(Dialogs, item.Id);

    private string WebhookUrl => Urls.WebhookUrl;
}

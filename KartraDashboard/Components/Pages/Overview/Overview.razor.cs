using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Live;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Overview;

public partial class Overview : IDisposable
{
    private const int LatestCount = 15;

    [Inject] private EventStore Store { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private DashboardFormat Format { get; set; } = default!;
    [Inject] private PublicUrls Urls { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private LiveSubscription? _live;
    private IReadOnlyList<Period>? _periods;
    private List<EventItem> _latest = [];
    private IReadOnlySet<string> _fresh = new HashSet<string>();
    private bool _latestLoading = true;
    private string? _error;

    private sealed record Period(string Key, string Title, string Days, long Events, long NewLeads, RevenueReport Revenue);

    protected override void OnInitialized() => _live = new LiveSubscription(Feed, InvokeAsync, OnBatchAsync);

    protected override async Task OnInitializedAsync()
    {
        try
        {
            var (periods, latest) = await Task.Run(() => (ComputePeriods(), Store.Events(new EventQuery { Take = LatestCount }).Items));
            _periods = periods;
            _latest = [.. latest];
        }
        catch (Exception e)
        {
            _error = "The figures could not be read: " + e.Message;
        }
        finally
        {
            _latestLoading = false;
        }
    }

    private IReadOnlyList<Period> ComputePeriods()
    {
        var today = Format.Today;
        return [Compute("today", "Today", today, today), Compute("last7", "Last 7 days", today.AddDays(-6), today), Compute("last30", "Last 30 days", today.AddDays(-29), today)];
    }

    private Period Compute(string key, string title, DateOnly first, DateOnly last)
    {
        var from = Days.Start(first, Format.Zone);
        var to = Days.End(last, Format.Zone);
        var days = first == last ? Day(first) : $"{Day(first)} to {Day(last)}";
        return new Period(key, title, days, Store.CountEvents(from, to), Store.CountNewLeads(first, last), Store.Revenue(from, to, Format.Currency));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task OnBatchAsync(IReadOnlyList<EventItem> batch)
    {
        var known = _latest.Select(e => e.Id).ToHashSet();
        var arrived = batch.Where(e => !known.Contains(e.Id)).OrderByDescending(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        _latest = [.. arrived.Concat(_latest).Take(LatestCount)];
        _fresh = arrived.Select(e => e.Id).ToHashSet();
        try
        {
            // Figures come from kept totals, so recomputing them per batch stays cheap.
            _periods = await Task.Run(ComputePeriods);
            _error = null;
        }
        catch (Exception e)
        {
            _error = "The figures could not be updated: " + e.Message;
        }
        StateHasChanged();
    }

    private Task ShowEventAsync(EventItem item) => EventDetailsDialog.ShowAsync(Dialogs, item.Id);

    private async Task CopyWebhookUrlAsync()
    {
        var copied = await JS.InvokeAsync<bool>("kartraDashboard.copy", Urls.WebhookUrl);
        Snackbar.Add(copied ? "Webhook URL copied. Paste it into Kartra's Outbound API settings." : "The browser did not allow copying; select the URL instead.",
            copied ? Severity.Success : Severity.Warning);
    }

    public void Dispose() => _live?.Dispose();
}

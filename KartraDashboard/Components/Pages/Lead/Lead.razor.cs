using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Live;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Lead;

public partial class Lead : IDisposable
{
    public const int HistoryPage = 50;

    [Inject] private EventStore Store { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private DashboardFormat Format { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter] public string LeadId { get; set; } = "";

    private LiveSubscription? _live;
    private LeadDetail? _lead;
    private List<EventItem> _history = [];
    private IReadOnlySet<string> _fresh = new HashSet<string>();
    private bool _hasOlder;
    private bool _loading = true;
    private bool _loadingOlder;
    private string? _error;
    private string? _loadedId;
    private List<BreadcrumbItem> _crumbs = [];

    private string Title => _lead is null ? "Lead " + LeadId
        : !string.IsNullOrWhiteSpace(_lead.Name) ? _lead.Name : _lead.Email ?? "Lead " + _lead.LeadId;

    protected override void OnInitialized() => _live = new LiveSubscription(Feed, InvokeAsync, OnBatchAsync);

    protected override async Task OnParametersSetAsync()
    {
        if (LeadId == _loadedId) return;
        _loadedId = LeadId;
        _lead = null;
        _history = [];
        _loading = true;
        _error = null;
        try
        {
            var id = LeadId;
            _lead = await Task.Run(() => Store.Lead(id, HistoryPage));
            _history = _lead is null ? [] : [.. _lead.LatestEvents];
            _hasOlder = _lead is not null && _history.Count < _lead.Events;
        }
        catch (Exception e)
        {
            _error = "The lead could not be read: " + e.Message;
        }
        finally
        {
            _loading = false;
        }
        _crumbs = [new BreadcrumbItem("Leads", "/leads"), new BreadcrumbItem(Title, null, disabled: true)];
    }

    private async Task OnBatchAsync(IReadOnlyList<EventItem> batch)
    {
        var mine = batch.Where(e => e.LeadId == LeadId).ToList();
        if (mine.Count == 0) return;
        try
        {
            // Snapshot, totals and state change with each event: read them again, without the history.
            var id = LeadId;
            _lead = await Task.Run(() => Store.Lead(id, 0));
            var known = _history.Select(e => e.Id).ToHashSet();
            var arrived = mine.Where(e => !known.Contains(e.Id)).OrderByDescending(Id).ToList();
            _history = [.. arrived, .. _history];
            _fresh = arrived.Select(e => e.Id).ToHashSet();
            _error = null;
        }
        catch (Exception e)
        {
            _error = "The lead could not be updated: " + e.Message;
        }
        _crumbs = [new BreadcrumbItem("Leads", "/leads"), new BreadcrumbItem(Title, null, disabled: true)];
        StateHasChanged();
    }

    private async Task LoadOlderAsync()
    {
        if (_history.Count == 0) return;
        _loadingOlder = true;
        try
        {
            var before = Id(_history[^1]);
            var id = LeadId;
            var older = await Task.Run(() => Store.LeadEvents(id, HistoryPage, before));
            _history = [.. _history, .. older];
            _hasOlder = older.Count == HistoryPage;
            _fresh = new HashSet<string>();
        }
        catch (Exception e)
        {
            _error = "Older events could not be read: " + e.Message;
        }
        finally
        {
            _loadingOlder = false;
        }
    }

    private static long Id(EventItem e) => long.Parse(e.Id, CultureInfo.InvariantCulture);

    private static Color StateColor(string state) => state switch
    {
        "subscribed" or "granted" or "booked" or "attended" or "completed" => Color.Success,
        "unsubscribed" or "revoked" or "cancelled" => Color.Error,
        _ => Color.Default,
    };

    private Task ShowEventAsync(EventItem item) => EventDetailsDialog.ShowAsync(Dialogs, item.Id);

    public void Dispose() => _live?.Dispose();
}

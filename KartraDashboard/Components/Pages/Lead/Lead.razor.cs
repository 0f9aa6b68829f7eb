using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Lead;

public partial class Lead : LivePage
{
    [Inject] private LeadReads LeadReads { get; set; } = default!;
    [Inject] private EventReads EventReads { get; set; } = default!;
    public const int HistoryPage = 50;

    [Parameter] public string LeadId { get; set; } = "";

    private LeadDetail? _lead;
    private List<EventItem> _history = [];
    private IReadOnlySet<string> _fresh = new HashSet<string>();
    private bool _hasOlder;
    private bool _loadingOlder;
    private string? _loadedId;
    private List<BreadcrumbItem> _crumbs = [];

    private string Title => _lead is null ? "Lead " + LeadId
        : !string.IsNullOrWhiteSpace(_lead.Name) ? _lead.Name : _lead.Email ?? "Lead " + _lead.LeadId;

    protected override async Task OnParametersSetAsync()
    {
        if (LeadId == _loadedId) return;
        _loadedId = LeadId;
        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        _lead = null;
        _history = [];
        _fresh = new HashSet<string>();
        var id = LeadId;
        await ReadAsync(() => LeadReads.Detail(id, HistoryPage), lead =>
        {
            _lead = lead;
            _history = lead is null ? [] : [.. lead.LatestEvents];
            _hasOlder = lead is not null && _history.Count < lead.Events;
        }, "The lead could not be read");
        SetCrumbs();
    }

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        var mine = batch.Where(e => e.LeadId == LeadId).ToList();
        if (mine.Count == 0) return false;
        // Snapshot, totals and state change with each event: read them again, without the history.
        var id = LeadId;
        await ReadAsync(() => LeadReads.Detail(id, 0), lead =>
        {
            _lead = lead;
            var merged = LiveList.Merge(_history, mine);
            _history = merged.Items;
            _fresh = merged.Fresh;
        }, "The lead could not be updated");
        SetCrumbs();
        return true;
    }

    private void SetCrumbs() =>
        _crumbs = [new BreadcrumbItem("Leads", "/leads"), new BreadcrumbItem(Title, null, disabled: true)];

    private async Task LoadOlderAsync()
    {
        if (_history.Count == 0) return;
        _loadingOlder = true;
        var before = LiveList.IdOf(_history[^1]);
        var id = LeadId;
        await ReadAsync(() => EventReads.OfLead(id, HistoryPage, before), older =>
        {
            _history = [.. _history, .. older];
            _hasOlder = older.Count == HistoryPage;
            _fresh = new HashSet<string>();
        }, "Older events could not be read");
        _loadingOlder = false;
    }

    private static Color StateColor(string state) => state switch
    {
        "subscribed" or "granted" or "booked" or "attended" or "completed" => Color.Success,
        "unsubscribed" or "revoked" or "cancelled" => Color.Error,
        _ => Color.Default,
    };

    private Task ShowEventAsync(EventItem item) => EventDetailsDialog.ShowAsync(Dialogs, item.Id);
}

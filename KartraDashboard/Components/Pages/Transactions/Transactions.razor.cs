using KartraDashboard.Api;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Live;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Transactions;

public partial class Transactions : IDisposable
{
    public const int PageSize = 50;

    [Inject] private EventStore Store { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private DashboardFormat Format { get; set; } = default!;
    [Inject] private ZoneSettings Zones { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = "lead")] public string? Lead { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? Product { get; set; }

    private LiveSubscription? _live;
    private TransactionQuery? _query;
    private Page<TransactionRow>? _page;
    private int _pageIndex;
    private bool _loading;
    private bool _newOnOtherPage;
    private string? _error;
    private int _version;

    private bool HasFilters => new[] { From, To, Type, Lead, Product }.Any(v => !string.IsNullOrWhiteSpace(v));

    private int PageCount => _page is { } p ? (int)Math.Ceiling(p.Total / (double)PageSize) : 0;

    /// <summary>The CSV of every row the filters select, with the filters in the API's names.</summary>
    private string ExportUrl => "/api/transactions.csv" + FilterQueryString();

    internal string FilterQueryString()
    {
        var q = QueryString.Empty;
        foreach (var (name, value) in new[] { ("from", From), ("to", To), ("type", Type), ("lead", Lead), ("product", Product) })
            if (!string.IsNullOrWhiteSpace(value)) q = q.Add(name, value.Trim());
        return q.ToUriComponent();
    }

    protected override void OnInitialized() =>
        _live = new LiveSubscription(Feed, InvokeAsync, OnBatchAsync);

    protected override async Task OnParametersSetAsync()
    {
        if (!ApiEndpoints.TryTransactionQuery(From, To, Type, Lead, Product, Zones, out var query, out var error))
        {
            _error = error;
            _query = null;
            _page = null;
            return;
        }
        _error = null;
        if (_query != query) _pageIndex = 0;
        _query = query;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_query is not { } query) return;
        var version = ++_version;
        _loading = true;
        var q = query with { Skip = _pageIndex * PageSize, Take = PageSize };
        try
        {
            // Counting the filtered total walks the date index: keep it off the render thread.
            var page = await Task.Run(() => Store.Transactions(q));
            if (version != _version) return;
            _page = page;
            _error = null;
        }
        catch (Exception e) when (e is LiteDB.LiteException or IOException)
        {
            if (version == _version) _error = $"Transactions could not be read from the database: {e.Message}";
        }
        finally
        {
            if (version == _version) _loading = false;
        }
    }

    private async Task OnBatchAsync(IReadOnlyList<EventItem> batch)
    {
        // A batch that cannot hold a matching row leaves the page alone; otherwise the query decides.
        var type = string.IsNullOrWhiteSpace(Type) ? null : Type.Trim();
        if (!batch.Any(e => !e.Duplicate && ActionCatalog.Of(e.Action).TransactionType is { } t && (type is null || t == type))) return;
        if (_pageIndex == 0)
        {
            await LoadAsync();
        }
        else
        {
            _newOnOtherPage = true;
        }
        StateHasChanged();
    }

    private async Task GoToPage(int page)
    {
        _pageIndex = Math.Max(0, page - 1);
        if (_pageIndex == 0) _newOnOtherPage = false;
        await LoadAsync();
    }

    private void ChangeRange((string? From, string? To) range) =>
        Navigate(new Dictionary<string, object?> { ["from"] = range.From, ["to"] = range.To });

    private void FilterType(string? value) => Filter("type", value);

    private void FilterLead(string? value) => Filter("lead", value);

    private void FilterProduct(string? value) => Filter("product", value);

    private void Filter(string name, string? value) =>
        Navigate(new Dictionary<string, object?> { [name] = string.IsNullOrWhiteSpace(value) ? null : value.Trim() });

    private void Navigate(Dictionary<string, object?> changes) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(changes));

    internal static string TypeLabel(string type) => type switch
    {
        TransactionTypes.Sale => "Sale",
        TransactionTypes.Refund => "Refund",
        TransactionTypes.PartialRefund => "Partial refund",
        TransactionTypes.Cancellation => "Cancellation",
        _ => type,
    };

    private static Color TypeColor(string type) => type switch
    {
        TransactionTypes.Sale => Color.Success,
        TransactionTypes.Refund => Color.Error,
        TransactionTypes.PartialRefund => Color.Warning,
        _ => Color.Default,
    };

    public void Dispose() => _live?.Dispose();
}

using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Transactions;

public partial class Transactions : LivePage
{
    [Inject] private TransactionReads TransactionReads { get; set; } = default!;
    public const int PageSize = 50;

    [Inject] private ZoneSettings Zones { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = "lead")] public string? Lead { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? Product { get; set; }

    private TransactionQuery? _query;
    private Page<TransactionRow>? _page;
    private int _pageIndex;
    private bool _newOnOtherPage;
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

    protected override async Task OnParametersSetAsync()
    {
        if (!TransactionQuery.TryCreate(From, To, Type, Lead, Product, Zones.Dashboard, out var query, out var error))
        {
            ShowInvalid(error ?? "These filters cannot be used.");
            _query = null;
            _page = null;
            return;
        }
        ClearError();
        if (_query != query) _pageIndex = 0;
        _query = query;
        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        if (_query is not { } query) return;
        // Quick paging can overlap reads: only the latest one is shown.
        var version = ++_version;
        var q = query with { Skip = _pageIndex * PageSize, Take = PageSize };
        // Counting the filtered total walks the date index.
        await ReadAsync(() => TransactionReads.List(q), page =>
        {
            if (version == _version) _page = page;
        }, "Transactions could not be read from the database");
    }

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        // A batch that cannot hold a matching row leaves the page alone; otherwise the query decides.
        var type = string.IsNullOrWhiteSpace(Type) ? null : Type.Trim();
        if (_query is null || !batch.Any(e => !e.Duplicate && ActionCatalog.Of(e.Action).TransactionType is { } t && (type is null || t == type))) return false;
        if (_pageIndex == 0) await ReloadAsync();
        else _newOnOtherPage = true;
        return true;
    }

    private async Task GoToPage(int page)
    {
        _pageIndex = Math.Max(0, page - 1);
        if (_pageIndex == 0) _newOnOtherPage = false;
        await ReloadAsync();
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
}

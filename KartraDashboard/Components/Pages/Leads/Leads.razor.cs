using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using MudBlazor.Extensions;

namespace KartraDashboard.Components.Pages.Leads;

public partial class Leads : LivePage
{
    [Inject] private LeadReads LeadReads { get; set; } = default!;
    public const int PageSize = 50;

    [SupplyParameterFromQuery(Name = "search")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "gdpr")] public string? Gdpr { get; set; }
    [SupplyParameterFromQuery(Name = "deleted")] public string? Deleted { get; set; }

    private MudTextField<string>? _searchField;
    private string? _searchText;
    private int? _gdpr;
    private string? _filterKey;
    private int _skip;
    private Page<LeadItem> _page = new(0, []);
    private bool _invalid;

    protected override async Task OnParametersSetAsync()
    {
        // Every filter lives in the URL, custom fields under names of their own: the whole query is the key.
        var key = new Uri(Navigation.Uri).Query;
        if (key == _filterKey) return;
        _filterKey = key;
        _searchText = Search;
        _skip = 0;
        _invalid = false;
        ClearError();
        if (string.IsNullOrWhiteSpace(Gdpr)) _gdpr = null;
        else if (int.TryParse(Gdpr, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g < GdprLabels.All.Count) _gdpr = g;
        else
        {
            _invalid = true;
            ShowInvalid($"'{Gdpr}' is not a GDPR status; use 0 to {GdprLabels.All.Count - 1}.");
            _page = new Page<LeadItem>(0, []);
            return;
        }
        if (!ReadFilters())
        {
            _invalid = true;
            _page = new Page<LeadItem>(0, []);
            return;
        }
        await ReloadAsync();
    }

    protected override Task ReloadAsync()
    {
        var query = new LeadQuery { Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(), Gdpr = _gdpr, Deleted = Deleted == "1", Skip = _skip, Take = PageSize, Filters = _filters };
        return ReadAsync(() => LeadReads.List(query), page => _page = page, "The leads could not be read");
    }

    // A page of leads is one index read, so a batch that touches any lead simply reads it again.
    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        // A text search reads every matching lead, so it is not repeated for each new ping.
        if (_invalid || !string.IsNullOrWhiteSpace(Search) || !batch.Any(e => e.LeadId is not null)) return false;
        await ReloadAsync();
        return true;
    }

    private async Task PageAsync(int direction)
    {
        _skip = Math.Max(0, _skip + direction * PageSize);
        await ReloadAsync();
    }

    private void Open(LeadItem? lead)
    {
        if (lead is not null) Navigation.NavigateTo(EventTable.LeadHref(lead.LeadId));
    }

    private Task ApplySearchAsync(string? text)
    {
        _searchText = text;
        var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (value != (string.IsNullOrWhiteSpace(Search) ? null : Search.Trim()))
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("search", value));
        return Task.CompletedTask;
    }

    private Task SearchKeyDownAsync(KeyboardEventArgs e) =>
        e.Key == "Enter" ? ApplySearchAsync(_searchField?.GetState(x => x.Text)) : Task.CompletedTask;

    private Task ApplyGdprAsync(int? status)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("gdpr", status));
        return Task.CompletedTask;
    }
}

using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Subscriptions;

public partial class Subscriptions : LivePage
{
    [Inject] private SubscriptionReads SubscriptionReads { get; set; } = default!;
    [Inject] private ZoneSettings Zones { get; set; } = default!;

    public const int PageSize = 50;

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? Product { get; set; }
    [SupplyParameterFromQuery(Name = "before")] public string? Before { get; set; }

    private SubscriptionPage? _page;
    private SubscriptionTrend? _trend;
    private DateTimeOffset? _start, _end;
    private bool _invalid;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];

    protected override async Task OnParametersSetAsync()
    {
        ClearError();
        _invalid = !TimeRange.TryParse(From, To, Zones.Dashboard, out var start, out var end, out var error);
        if (!_invalid && Status is { } s && !SubscriptionStatus.All.Contains(s))
        {
            _invalid = true;
            error = $"'{s}' is not a status: one of {string.Join(", ", SubscriptionStatus.All)}.";
        }
        if (_invalid)
        {
            ShowInvalid(error!);
            _page = null;
            return;
        }
        (_start, _end) = (start, end);
        await ReloadAsync();
    }

    protected override Task ReloadAsync()
    {
        var (start, end) = (_start, _end);
        var query = new SubscriptionQuery { Status = Status, Product = Product, Before = Before, Take = PageSize };
        return ReadAsync(
            () => (SubscriptionReads.List(query), SubscriptionReads.Trend(start, end)),
            read =>
            {
                (_page, _trend) = read;
                var step = (int)Math.Ceiling(_trend.Days.Count / 12.0);
                _series = [new ChartSeries<double> { Name = "MRR", Data = _trend.Days.Select(d => (double)d.Mrr).ToArray() }];
                _labels = _trend.Days.Select((d, i) => i % Math.Max(1, step) == 0 ? d.Date.ToString("MMM d", CultureInfo.InvariantCulture) : "").ToArray();
            },
            "Subscriptions could not be read from the database");
    }

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        // Only payments, refunds and cancellations change subscriptions.
        if (_invalid || !batch.Any(e => !e.Duplicate && ActionCatalog.Of(e.Action).TransactionType is not null)) return false;
        await ReloadAsync();
        return true;
    }

    private static IEnumerable<(string Status, long Count)> Counts(SubscriptionSummary s) =>
    [
        (SubscriptionStatus.Active, s.Active), (SubscriptionStatus.Trialing, s.Trialing), (SubscriptionStatus.Overdue, s.Overdue),
        (SubscriptionStatus.Lapsed, s.Lapsed), (SubscriptionStatus.Cancelled, s.Cancelled), (SubscriptionStatus.Completed, s.Completed),
    ];

    private static string Label(string status) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(status);

    private static Color StatusColor(string status) => status switch
    {
        SubscriptionStatus.Active => Color.Success,
        SubscriptionStatus.Trialing => Color.Info,
        SubscriptionStatus.Overdue => Color.Warning,
        SubscriptionStatus.Lapsed or SubscriptionStatus.Cancelled => Color.Error,
        _ => Color.Default,
    };

    private static string Percent(decimal ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Go(Dictionary<string, object?> changes) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(changes));

    private void ChangeRange((string? From, string? To) range) => Go(new() { ["from"] = range.From, ["to"] = range.To });

    private void FilterStatus(string? status) => Go(new() { ["status"] = status, ["before"] = null });

    private void FilterProduct(string? product) => Go(new() { ["product"] = string.IsNullOrWhiteSpace(product) ? null : product.Trim(), ["before"] = null });

    private void NextPage() => Go(new() { ["before"] = _page?.Items[^1].SubscriptionId });

    private void FirstPage() => Go(new() { ["before"] = null });

    private void OpenLead(SubscriptionItem item)
    {
        if (item.LeadId is { } leadId) Navigation.NavigateTo(EventTable.LeadHref(leadId));
    }
}

using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Reports;

public partial class SubjectReport : LivePage
{
    [Inject] private SubjectReads SubjectReads { get; set; } = default!;
    [Inject] private ZoneSettings Zones { get; set; } = default!;

    [Parameter] public string Kind { get; set; } = "";
    [Parameter] public string Id { get; set; } = "";
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    private SubjectDetail? _detail;
    private IReadOnlyList<string> _actions = [];
    private SubjectRate? _rate;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private List<BreadcrumbItem> _crumbs = [];
    private DateOnly? _first;
    private DateOnly? _last;
    private bool _invalid;

    private string Title => _detail is { } d ? d.Name ?? $"{SubjectLinks.KindLabel(Kind)[..^1]} #{d.Id}" : $"{SubjectLinks.KindLabel(Kind)[..^1]} #{Id}";

    protected override async Task OnParametersSetAsync()
    {
        ClearError();
        _detail = null;
        _crumbs = [new BreadcrumbItem("Reports", "/reports"), new BreadcrumbItem(SubjectLinks.KindLabel(Kind), $"/reports?kind={Uri.EscapeDataString(Kind)}")];
        _invalid = !ReportAddress.TryRead(Kind, From, To, Zones.Dashboard, out _first, out _last, out var error);
        if (_invalid)
        {
            ShowInvalid(error!);
            return;
        }
        _actions = EventSubject.ActionsOf(Kind);
        _rate = SubjectRate.Of(Kind);
        await ReloadAsync();
    }

    protected override Task ReloadAsync()
    {
        var (kind, id, first, last) = (Kind, Id, _first, _last);
        return ReadAsync(() => SubjectReads.Detail(kind, id, first, last), Show, "The subject could not be read");
    }

    private void Show(SubjectDetail? detail)
    {
        _detail = detail;
        if (detail is null)
        {
            ShowInvalid($"There is no {Kind} {Id}: no Kartra ping has been about it yet.");
            return;
        }
        _labels = detail.ByDay.Select(d => d.Day.ToString("MMM d", System.Globalization.CultureInfo.GetCultureInfo("en-US"))).ToArray();
        _series = _actions
            .Select(a => new ChartSeries<double> { Name = SubjectLinks.Action(a), Data = detail.ByDay.Select(d => (double)d.Counts.GetValueOrDefault(a)).ToArray() })
            .ToList();
    }

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        if (_invalid || !batch.Any(e => e.Subject is { } s && s.Kind == Kind && s.Id == Id)) return false;
        await ReloadAsync();
        return true;
    }

    private void ChangeRange((string? From, string? To) range) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["from"] = range.From, ["to"] = range.To }));
}

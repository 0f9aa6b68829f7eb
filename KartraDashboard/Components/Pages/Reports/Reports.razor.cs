using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;

namespace KartraDashboard.Components.Pages.Reports;

public partial class Reports : LivePage
{
    [Inject] private SubjectReads SubjectReads { get; set; } = default!;
    [Inject] private ZoneSettings Zones { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "kind")] public string? KindParameter { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    private string Kind => string.IsNullOrWhiteSpace(KindParameter) ? SubjectKinds.Tag : KindParameter;
    private int ActiveTab => Math.Max(0, EventSubject.Kinds.ToList().IndexOf(Kind));
    private bool HasCurrent => EventSubject.InState.ContainsKey(Kind);

    private Page<SubjectItem> _page = new(0, []);
    private IReadOnlyList<string> _actions = [];
    private SubjectRate? _rate;
    private DateOnly? _first;
    private DateOnly? _last;
    private bool _invalid;

    protected override async Task OnParametersSetAsync()
    {
        ClearError();
        _page = new Page<SubjectItem>(0, []);
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
        var query = new SubjectQuery(Kind) { From = _first, To = _last, Take = Paging.MaxTake };
        return ReadAsync(() => SubjectReads.List(query), page => _page = page, "The subjects could not be read");
    }

    // The figures are kept totals: a batch with any event of this kind reads them again.
    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        if (_invalid || !batch.Any(e => e.Subject?.Kind == Kind)) return false;
        await ReloadAsync();
        return true;
    }

    private void ChangeKind(int index) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("kind", EventSubject.Kinds[index]));

    private void ChangeRange((string? From, string? To) range) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["from"] = range.From, ["to"] = range.To }));

    internal static string Percent(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.GetCultureInfo("en-US")) : "—";
}

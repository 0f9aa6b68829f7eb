using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Gdpr;

public partial class Gdpr : LivePage
{
    [Inject] private LeadReads LeadReads { get; set; } = default!;
    /// <summary>What each of Kartra's gdpr_lead_status values means.</summary>
    public static readonly IReadOnlyList<string> Meanings =
    [
        "GDPR is switched off for the Kartra account.",
        "The lead's IP address is in a country that GDPR does not cover.",
        "The lead accepted the GDPR terms.",
        "The lead did not accept the GDPR terms.",
        "The lead's location could not be told, so whether GDPR applies is unknown.",
        "The lead has not answered yet.",
    ];

    private sealed record Row(int? Status, string Label, string Meaning, long Leads)
    {
        public string Key => Status?.ToString(CultureInfo.InvariantCulture) ?? "none";
    }

    private GdprReport? _report;
    private List<Row> _rows = [];
    private List<ChartSeries<double>> _chartSeries = [];
    private string[] _chartLabels = [];

    private long Total => _rows.Sum(r => r.Leads);

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected override Task ReloadAsync() =>
        ReadAsync(LeadReads.Gdpr, Show, "The GDPR counts could not be read from the database");

    private void Show(GdprReport report)
    {
        _report = report;
        _rows = report.ByStatus
            .Select(s => new Row(s.Status, GdprLabels.Title(s.Status), s.Status < Meanings.Count ? Meanings[s.Status] : "", s.Leads))
            .Append(new Row(null, "No status", "Kartra sent no GDPR status for the lead.", report.NoStatus))
            .ToList();
        var shown = _rows.Where(r => r.Leads > 0).ToList();
        _chartLabels = shown.Select(r => r.Label).ToArray();
        _chartSeries = [new ChartSeries<double> { Name = "Leads", Data = shown.Select(r => (double)r.Leads).ToArray() }];
    }

    // Every ping carries a lead snapshot, so any batch may move a lead between statuses; the counts are kept totals.
    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        await ReloadAsync();
        return true;
    }

    private string Share(long leads) =>
        Total == 0 ? "" : (leads / (double)Total).ToString("P1", CultureInfo.GetCultureInfo("en-US"));

    internal static string LeadsLink(int status) => $"/leads?gdpr={status.ToString(CultureInfo.InvariantCulture)}";

    private void OpenLeads(TableRowClickEventArgs<Row> click)
    {
        if (click.Item?.Status is { } status) Navigation.NavigateTo(LeadsLink(status));
    }

    private static string RowStyle(Row row, int index) => row.Status is null ? "" : "cursor: pointer";
}

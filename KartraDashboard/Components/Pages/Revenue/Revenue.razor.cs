using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Revenue;

public partial class Revenue : LivePage
{
    [Inject] private RevenueReads RevenueReads { get; set; } = default!;
    [Inject] private TransactionReads TransactionReads { get; set; } = default!;
    /// <summary>Longest stretch the daily chart draws; a longer range shows its last days.</summary>
    public const int MaxChartDays = 366;

    [Inject] private ZoneSettings Zones { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    private RevenueReport? _report;
    private Page<TransactionRow> _cancellations = new(0, []);
    private const int CancellationsShown = 10;
    private DateTimeOffset? _start;
    private DateTimeOffset? _end;
    private bool _invalid;
    private DailyChart _chart = DailyChart.None;
    private readonly LineChartOptions _chartOptions = new() { YAxisFormat = "N0" };

    private bool IsEmpty => _report is { } r && r.Sales.Count == 0 && r.Refunds.Count == 0 && r.Cancellations == 0;

    protected override async Task OnParametersSetAsync()
    {
        ClearError();
        _invalid = !TimeRange.TryParse(From, To, Zones.Dashboard, out var start, out var end, out var error);
        if (_invalid)
        {
            ShowInvalid(error!);
            _report = null;
            return;
        }
        _start = start;
        _end = end;
        await ReloadAsync();
    }

    protected override Task ReloadAsync()
    {
        var (start, end) = (_start, _end);
        return ReadAsync(
            () => (RevenueReads.Report(start, end, Format.Currency),
                   TransactionReads.List(new TransactionQuery { From = start, To = end, Type = TransactionTypes.Cancellation, Take = CancellationsShown })),
            read =>
            {
                (_report, _cancellations) = read;
                _chart = DailyChart.Of(_report.ByDay, start is { } s ? Days.Of(s, Zones.Dashboard) : null,
                    end is { } e ? Days.Of(e, Zones.Dashboard) : null, Format.Today);
                _chartOptions.ShowDataMarkers = _chart.Days <= 62;
            },
            "Revenue could not be read from the database");
    }

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        // Only money-moving pings change these figures, and the report is read from kept day tallies.
        if (_invalid || !batch.Any(e => !e.Duplicate && ActionCatalog.Of(e.Action).TransactionType is not null)) return false;
        await ReloadAsync();
        return true;
    }

    private void ChangeRange((string? From, string? To) range) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["from"] = range.From,
            ["to"] = range.To,
        }));

    private string ChartCaption
    {
        get
        {
            if (_chart.Days == 0) return "";
            var text = $"{Day(_chart.First)} to {Day(_chart.Last)}, days in {Format.ZoneName}";
            return _chart.Capped ? text + $". The range is longer than {MaxChartDays} days: the chart shows its last {MaxChartDays}; the figures above cover all of it." : text;
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The transactions page with this range's cancellations.</summary>
    private string CancellationsHref =>
        Navigation.GetUriWithQueryParameters("/transactions", new Dictionary<string, object?>
        {
            ["type"] = TransactionTypes.Cancellation, ["from"] = From, ["to"] = To,
        });

    private static string CountOf(long n, string one, string many) => $"{DashboardFormat.Count(n)} {(n == 1 ? one : many)}";

    private static string RoleLabel(string role) => role switch
    {
        "affiliate" => "Affiliate",
        "jv" => "JV",
        _ => role,
    };

    /// <summary>Sales and refunds for every day of a range, days without activity at zero, so the axis runs without gaps.</summary>
    internal sealed record DailyChart(DateOnly First, DateOnly Last, int Days, bool Capped, List<ChartSeries<double>> Series, string[] Labels)
    {
        public static readonly DailyChart None = new(default, default, 0, false, [], []);

        /// <param name="from">First day asked for, or null for all time (the chart starts at the first active day).</param>
        /// <param name="to">Last day asked for, or null (the chart ends today, or at the last active day if later).</param>
        public static DailyChart Of(IReadOnlyList<RevenueDay> byDay, DateOnly? from, DateOnly? to, DateOnly today)
        {
            if (byDay.Count == 0 && from is null && to is null) return None;
            var last = to ?? (byDay.Count > 0 && byDay[^1].Date > today ? byDay[^1].Date : today);
            var first = from ?? (byDay.Count > 0 ? byDay[0].Date : last);
            if (last < first) last = first;
            var capped = last.DayNumber - first.DayNumber + 1 > MaxChartDays;
            if (capped) first = last.AddDays(-(MaxChartDays - 1));
            var days = last.DayNumber - first.DayNumber + 1;

            var sales = new double[days];
            var refunds = new double[days];
            foreach (var d in byDay)
            {
                var i = d.Date.DayNumber - first.DayNumber;
                if (i < 0 || i >= days) continue;
                sales[i] = (double)d.Sales;
                refunds[i] = (double)d.Refunds;
            }
            // A label on every day crowds the axis; about a dozen are enough to read it.
            var step = (int)Math.Ceiling(days / 12.0);
            var labels = Enumerable.Range(0, days)
                .Select(i => i % step == 0 ? first.AddDays(i).ToString("MMM d", CultureInfo.InvariantCulture) : "")
                .ToArray();
            return new DailyChart(first, last, days, capped,
                [new ChartSeries<double> { Name = "Sales", Data = sales }, new ChartSeries<double> { Name = "Refunds", Data = refunds }],
                labels);
        }
    }
}

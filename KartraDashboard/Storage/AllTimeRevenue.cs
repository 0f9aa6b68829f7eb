namespace KartraDashboard.Storage;

/// <summary>
/// Revenue over all time and each day's totals, kept in memory: loaded once from the day
/// tallies, then brought up to date with each commit's transactions, so an all-time report or a
/// transactions count reads no document. The writer adds after a commit; readers take a copy.
/// </summary>
public sealed class AllTimeRevenue
{
    private readonly Lock _gate = new();
    private RevenueTally _total = new();
    private SortedDictionary<DateOnly, RevenueDay> _days = [];

    internal void Load(IEnumerable<(DateOnly Day, RevenueTally Tally)> days)
    {
        var total = new RevenueTally();
        var byDay = new SortedDictionary<DateOnly, RevenueDay>();
        foreach (var (day, tally) in days)
        {
            total.Merge(tally);
            if (!tally.IsEmpty) byDay[day] = tally.ToDay(day);
        }
        lock (_gate) (_total, _days) = (total, byDay);
    }

    /// <summary>Adds committed transactions, each with the day it counts on.</summary>
    internal void Add(IReadOnlyList<(DateOnly Day, RevenueTally Tally)> committed)
    {
        if (committed.Count == 0) return;
        lock (_gate)
            foreach (var (day, tally) in committed)
            {
                _total.Merge(tally);
                var figures = tally.ToDay(day);
                _days[day] = _days.TryGetValue(day, out var kept) ? kept.Plus(figures) : figures;
            }
    }

    /// <summary>Transactions of a type (Kartra's transaction_type), or of every type.</summary>
    public long Count(string? type)
    {
        lock (_gate) return type is null ? _total.Types.Values.Sum() : _total.Types.GetValueOrDefault(type);
    }

    /// <summary>A copy of the all-time figures and the days with any.</summary>
    public (RevenueTally Total, IReadOnlyList<RevenueDay> Days) Read()
    {
        var copy = new RevenueTally();
        lock (_gate)
        {
            copy.Merge(_total);
            return (copy, _days.Values.ToList());
        }
    }
}

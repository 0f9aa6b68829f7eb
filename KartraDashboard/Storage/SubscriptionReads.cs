namespace KartraDashboard.Storage;

/// <summary>
/// Subscriptions as they stand now: statuses, next payments and MRR are worked out at read time,
/// with the clock of <see cref="TimeProvider"/>, from the state kept on write (see <see cref="SubscriptionBook"/>).
/// </summary>
public sealed class SubscriptionReads(Database db, StoreWriter writer, TimeProvider clock, Hosting.ZoneSettings zones)
{
    /// <summary>The trend over the days a range touches in the dashboard's zone (all days with a change when open), from the kept day figures.</summary>
    public SubscriptionTrend Trend(DateTimeOffset? from, DateTimeOffset? to)
    {
        using var read = db.BeginRead();
        var changes = Ledger.SubscriptionDays(db);
        return SubscriptionTrend.Of(changes, from is { } f ? Days.Of(f, zones.Dashboard) : null, to is { } t ? Days.Of(t, zones.Dashboard) : null,
            Days.Of(clock.GetUtcNow(), zones.Dashboard));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public SubscriptionSummary Summary() => writer.Subscriptions.Summary(Now);

    /// <summary>A page of the subscriptions a query selects, and the summary of them all.</summary>
    public SubscriptionPage List(SubscriptionQuery q)
    {
        var now = Now;
        var status = string.IsNullOrWhiteSpace(q.Status) ? null : q.Status.Trim();
        var product = string.IsNullOrWhiteSpace(q.Product) ? null : q.Product.Trim();
        Func<SubscriptionState, bool> matchesProduct = _ => true;
        if (product is not null)
        {
            // A product is named by its id exactly, else by part of its name (as the transactions filter does).
            bool byId = HasProductId(product);
            matchesProduct = byId
                ? s => s.ProductId == product
                : s => s.ProductName?.Contains(product, StringComparison.OrdinalIgnoreCase) == true;
        }
        var (total, items) = writer.Subscriptions.Page(s => (status is null || s.Status(now) == status) && matchesProduct(s), q.Before, Paging.Take(q.Take), now);
        return new SubscriptionPage(total, writer.Subscriptions.Summary(now), items);
    }

    private bool HasProductId(string product)
    {
        var (total, _) = writer.Subscriptions.Page(s => s.ProductId == product, null, 0, Now);
        return total > 0;
    }

    /// <summary>One subscription as listed, or null when none is kept with that id.</summary>
    public SubscriptionItem? Find(string id) => writer.Subscriptions.Find(id)?.ToItem(Now);
}

/// <summary>MRR and the subscriptions counted in it at the end of a day.</summary>
public sealed record MrrDay(DateOnly Date, decimal Mrr, long Subscriptions);

/// <summary>
/// Subscriptions over a range of days: MRR at the end of each, subscriptions counted in MRR when
/// it starts, cancellations in it and churn (cancelled / counted at the start), trials started in
/// it and those that made a second payment (trial conversion = converted / started).
/// </summary>
public sealed record SubscriptionTrend(
    DateOnly First, DateOnly Last, IReadOnlyList<MrrDay> Days, long ActiveAtStart, long Cancelled, decimal ChurnRate,
    long TrialsStarted, long TrialsConverted, decimal TrialConversion)
{
    /// <summary>The most days a trend lists: a longer range lists its last ones (its figures cover all of it).</summary>
    public const int MaxDays = 400;

    internal static SubscriptionTrend Of(IReadOnlyList<(DateOnly Day, decimal Mrr, long Count, long Cancelled, long TrialsStarted, long TrialsConverted)> changes,
        DateOnly? from, DateOnly? to, DateOnly today)
    {
        var last = to ?? today;
        var first = from ?? (changes.Count > 0 && changes[0].Day < last ? changes[0].Day : last);
        if (last < first) last = first;
        decimal mrr = 0m;
        long count = 0, atStart = 0, cancelled = 0, started = 0, converted = 0;
        var byDay = changes.ToDictionary(c => c.Day);
        foreach (var c in changes.TakeWhile(c => c.Day < first)) { mrr += c.Mrr; count += c.Count; }
        atStart = count;
        var days = new List<MrrDay>();
        var listFrom = last.AddDays(-(MaxDays - 1)) > first ? last.AddDays(-(MaxDays - 1)) : first;
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (byDay.TryGetValue(d, out var c))
            {
                mrr += c.Mrr; count += c.Count;
                cancelled += c.Cancelled; started += c.TrialsStarted; converted += c.TrialsConverted;
            }
            if (d >= listFrom) days.Add(new MrrDay(d, mrr, count));
        }
        return new SubscriptionTrend(first, last, days, atStart, cancelled, Ratio(cancelled, atStart), started, converted, Ratio(converted, started));
    }

    private static decimal Ratio(long part, long whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}

namespace KartraDashboard.Storage;

/// <summary>
/// Every subscription's kept state in memory, newest start first: loaded once at start from the
/// subscription documents, then brought up to date with each commit's changes (as
/// <see cref="AllTimeRevenue"/> is), so the summary and a filtered page are worked out at the
/// moment they are asked for (statuses move with the clock) without reading the file. A few
/// hundred bytes per subscription. The writer changes it after a commit; readers take a lock.
/// </summary>
public sealed class SubscriptionBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SubscriptionState> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<SubscriptionState> _ordered = new(NewestFirst.Instance);

    internal void Load(IEnumerable<SubscriptionState> all)
    {
        lock (_gate)
        {
            _byId.Clear();
            _ordered.Clear();
            foreach (var s in all) Put(s);
        }
    }

    internal void Apply(IEnumerable<SubscriptionState> changed)
    {
        lock (_gate)
            foreach (var s in changed) Put(s);
    }

    private void Put(SubscriptionState s)
    {
        if (_byId.Remove(s.Id, out var old)) _ordered.Remove(old);
        _byId[s.Id] = s;
        _ordered.Add(s);
    }

    public SubscriptionState? Find(string id)
    {
        lock (_gate) return _byId.GetValueOrDefault(id);
    }

    /// <summary>Every subscription counted by status at <paramref name="now"/>, and the MRR of the active and overdue ones.</summary>
    public SubscriptionSummary Summary(DateTime now)
    {
        lock (_gate) return Summarise(_ordered, now);
    }

    internal static SubscriptionSummary Summarise(IEnumerable<SubscriptionState> all, DateTime now)
    {
        long active = 0, trialing = 0, overdue = 0, lapsed = 0, cancelled = 0, completed = 0;
        decimal mrr = 0m;
        foreach (var s in all)
        {
            switch (s.Status(now))
            {
                case SubscriptionStatus.Active: active++; mrr += s.MonthlyAmount; break;
                case SubscriptionStatus.Overdue: overdue++; mrr += s.MonthlyAmount; break;
                case SubscriptionStatus.Trialing: trialing++; break;
                case SubscriptionStatus.Lapsed: lapsed++; break;
                case SubscriptionStatus.Cancelled: cancelled++; break;
                default: completed++; break;
            }
        }
        return new SubscriptionSummary(active, trialing, overdue, lapsed, mrr, cancelled, completed);
    }

    /// <summary>
    /// A page of the subscriptions a filter selects, newest start first, after the <paramref name="before"/>
    /// one when given, with the size of the whole filtered set.
    /// </summary>
    public (long Total, List<SubscriptionItem> Items) Page(Func<SubscriptionState, bool> selects, string? before, int take, DateTime now)
    {
        lock (_gate)
        {
            var after = before is not null && _byId.TryGetValue(before, out var cursor) ? cursor : null;
            long total = 0;
            var items = new List<SubscriptionItem>(Math.Min(take, 64));
            bool past = after is null;
            foreach (var s in _ordered)
            {
                if (!selects(s)) { if (ReferenceEquals(s, after)) past = true; continue; }
                total++;
                if (past && items.Count < take) items.Add(s.ToItem(now));
                if (ReferenceEquals(s, after)) past = true;
            }
            return (total, items);
        }
    }

    /// <summary>Newest start first; the id breaks ties so that two subscriptions never compare equal.</summary>
    private sealed class NewestFirst : IComparer<SubscriptionState>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(SubscriptionState? x, SubscriptionState? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            var byStart = y!.Started.CompareTo(x!.Started);
            return byStart != 0 ? byStart : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}

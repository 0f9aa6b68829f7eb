namespace KartraDashboard.Storage;

/// <summary>The outbox's named writes: targets and rules, what an attempt came to, tests, replays and alerts owed.</summary>
public sealed partial class StoreWriter
{
    /// <summary>Raised after a write that changes what the sender should do now (not for pings: the live feed tells of those).</summary>
    public event Action? OutboxChanged;

    /// <summary>The kept numbers of pending and failed deliveries.</summary>
    public OutboxCounts OutboxCounts { get; private set; } = new(0, 0);

    private async Task<T> Outbox<T>(Func<Ledger, T> work)
    {
        var result = await Submit(work);
        OutboxChanged?.Invoke();
        return result;
    }

    /// <summary>Part of every commit: the counts as it left them, and whether pings are arriving together.</summary>
    private void PublishOutboxCounts()
    {
        OutboxCounts = _ledger.OutboxCounts;
        ForwardsToFeed = _ledger.ForwardsToFeed;
        if (_ledger.Appended.Count > 1) Volatile.Write(ref _lastBurst, Environment.TickCount64);
    }

    // A monotonic clock, not the TimeProvider: this only paces background work, it decides nothing.
    private long _lastBurst = long.MinValue / 2;

    /// <summary>
    /// True while pings arrive faster than one per commit, and for a moment after: deliveries
    /// then wait, so that on a small machine a burst of pings is acknowledged first.
    /// </summary>
    public bool InBurst => Environment.TickCount64 - Volatile.Read(ref _lastBurst) < _burstHoldMs;

    public Task<ForwardTarget> AddTargetAsync(string url, IReadOnlyList<string>? actions, string secret, bool enabled, DateTime created) =>
        Outbox(l => l.AddTarget(url, actions, secret, enabled, created));

    public Task<bool> SetTargetEnabledAsync(long id, bool enabled) => Outbox(l => l.SetTargetEnabled(id, enabled));

    public Task<bool> DeleteTargetAsync(long id) => Outbox(l => l.DeleteTarget(id));

    /// <summary>Whether stored events owe forwarding deliveries not yet written out (see <see cref="FeedForwardsAsync"/>).</summary>
    public bool ForwardsToFeed { get; private set; }

    /// <summary>Writes out the forwarding deliveries that the next events owe; answers whether more remain.</summary>
    public Task<bool> FeedForwardsAsync(int batch) => Submit(l => l.FeedForwards(batch));

    public Task<AlertRule> AddRuleAsync(AlertRule rule, DateTime created) => Outbox(l => l.AddRule(rule, created));

    public Task<bool> SetRuleEnabledAsync(long id, bool enabled) => Outbox(l => l.SetRuleEnabled(id, enabled));

    public Task<bool> DeleteRuleAsync(long id) => Outbox(l => l.DeleteRule(id));

    public Task<bool> RecordAttemptAsync(AttemptResult result) => Outbox(l => l.RecordAttempt(result));

    public Task<int> RecordAttemptsAsync(IReadOnlyList<AttemptResult> results) => Outbox(l => l.RecordAttempts(results));

    public Task<bool> PostponeAsync(long deliveryId, DateTime due) => Outbox(l => l.Postpone(deliveryId, due));

    public Task<long> OweTestAsync(Destination to, string? text, byte[]? body, string? contentType) =>
        Outbox(l => l.OweTest(to, text, body, contentType));

    public Task<bool> TellSilenceAsync(long ruleId, bool silent, long seenEvent, DateTime activeAt, string text) =>
        Outbox(l => l.TellSilence(ruleId, silent, seenEvent, activeAt, text));

    public Task<bool> OweDigestAsync(long ruleId, DateTime digestAt, string text) => Outbox(l => l.OweDigest(ruleId, digestAt, text));

    /// <summary>Owes the events with ids in a range to a target again, in batches; answers how many.</summary>
    public async Task<long> ReplayAsync(long targetId, long from, long to)
    {
        long owed = 0;
        long? next = from;
        while (next is { } start && start <= to)
        {
            var (n, after) = await Outbox(l => l.Replay(targetId, start, to, 1_000));
            owed += n;
            next = after;
        }
        return owed;
    }
}

using KartraDashboard.Ingestion;
using KartraDashboard.Storage;

namespace KartraDashboard.Simulation;

/// <summary>
/// One generated ping: its body and the facts a dashboard should end up counting from it.
/// <see cref="TransactionAmount"/> is transaction_full_amount as sent (a refund may carry either sign).
/// </summary>
public sealed record GeneratedPing(
    long Sequence,
    string Action,
    long LeadId,
    int GdprStatus,
    int GdprCommunications,
    long? TransactionId,
    decimal? TransactionAmount,
    byte[] Body)
{
    /// <summary>Its transaction's subscription facts, when it belongs to a subscription.</summary>
    public SentSubscriptionFact? Subscription { get; init; }
}

/// <summary>
/// What a set of pings should add up to on a dashboard: money after the contract's rules (a refund
/// takes away its absolute value), and GDPR over each lead's latest ping.
/// </summary>
public sealed record SentTotals
{
    public long Pings { get; init; }
    public int Leads { get; init; }
    public long Sales { get; init; }
    public decimal SalesAmount { get; init; }
    /// <summary>refund_product and partial_refund_product together.</summary>
    public long Refunds { get; init; }
    public decimal RefundsAmount { get; init; }
    public long Cancellations { get; init; }
    /// <summary>Index 0..5: distinct leads whose latest ping had that gdpr_lead_status.</summary>
    public IReadOnlyList<int> LeadsByGdprStatus { get; init; } = new int[6];
    /// <summary>Leads whose latest ping had gdpr_lead_communications 0.</summary>
    public int CommunicationsAgreed { get; init; }
    public int CommunicationsNotAgreed { get; init; }
    /// <summary>The subscriptions sent by status and their MRR, as of <see cref="SubscriptionsAsOf"/> (the latest date sent, on Kartra's clock).</summary>
    public SubscriptionSummary SubscriptionSummary { get; init; } = new(0, 0, 0, 0, 0m, 0, 0);
    public DateTime? SubscriptionsAsOf { get; init; }

    public decimal NetAmount => SalesAmount - RefundsAmount;

    public static SentTotals Of(IEnumerable<GeneratedPing> pings)
    {
        var tally = new SentTotalsTally();
        foreach (var ping in pings) tally.Add(ping);
        return tally.Snapshot();
    }
}

/// <summary>Adds pings up as they go out (or come back accepted); safe to feed from several threads.</summary>
public sealed class SentTotalsTally
{
    private readonly Lock _gate = new();
    // Latest by sequence, not by arrival here: answers may come back out of order.
    private readonly Dictionary<long, (long Sequence, int Status, int Communications)> _latestByLead = [];
    private long _pings, _sales, _refunds, _cancellations;
    private decimal _salesAmount, _refundsAmount;
    private readonly SentSubscriptions _subscriptions = new();

    public void Add(GeneratedPing ping)
    {
        lock (_gate)
        {
            _pings++;
            switch (ActionCatalog.Of(ping.Action).TransactionType)
            {
                case TransactionTypes.Sale:
                    _sales++;
                    _salesAmount += Math.Abs(ping.TransactionAmount ?? 0m);
                    break;
                case TransactionTypes.Refund or TransactionTypes.PartialRefund:
                    _refunds++;
                    _refundsAmount += Math.Abs(ping.TransactionAmount ?? 0m);
                    break;
                case TransactionTypes.Cancellation:
                    _cancellations++;
                    break;
            }
            if (ping.Subscription is { } subscription) _subscriptions.Add(subscription);
            if (!_latestByLead.TryGetValue(ping.LeadId, out var latest) || latest.Sequence < ping.Sequence)
                _latestByLead[ping.LeadId] = (ping.Sequence, ping.GdprStatus, ping.GdprCommunications);
        }
    }

    public SentTotals Snapshot()
    {
        lock (_gate)
        {
            var byStatus = new int[6];
            int agreed = 0, notAgreed = 0;
            foreach (var (_, status, communications) in _latestByLead.Values)
            {
                if (status is >= 0 and <= 5) byStatus[status]++;
                if (communications == 0) agreed++;
                else if (communications == 1) notAgreed++;
            }
            return new SentTotals
            {
                Pings = _pings,
                Leads = _latestByLead.Count,
                Sales = _sales,
                SalesAmount = _salesAmount,
                Refunds = _refunds,
                RefundsAmount = _refundsAmount,
                Cancellations = _cancellations,
                LeadsByGdprStatus = byStatus,
                CommunicationsAgreed = agreed,
                CommunicationsNotAgreed = notAgreed,
                SubscriptionSummary = _subscriptions.Summary(),
                SubscriptionsAsOf = _subscriptions.AsOf,
            };
        }
    }
}

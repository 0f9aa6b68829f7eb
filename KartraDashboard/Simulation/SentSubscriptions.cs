using KartraDashboard.Storage;

namespace KartraDashboard.Simulation;

/// <summary>The subscription facts of one sent transaction (its date on Kartra's clock).</summary>
public sealed record SentSubscriptionFact(
    string SubscriptionId, string Type, DateTime Date, int PayNumber, decimal FullAmount, decimal Tax, decimal Shipping,
    int PaymentsLeft, int RebillCircle, bool TrialPayment, int TrialPeriod);

/// <summary>
/// The subscriptions a run sent, kept as the dashboard keeps them (by the same rules, see
/// <see cref="SubscriptionState"/>), and what they add up to as of the latest date sent: the
/// dashboard, its clock set to that moment, must show the same.
/// </summary>
internal sealed class SentSubscriptions
{
    private readonly Dictionary<string, SubscriptionState> _byId = new(StringComparer.Ordinal);

    /// <summary>The latest Kartra date of any transaction sent: the moment the figures are worked out for.</summary>
    public DateTime? AsOf { get; private set; }

    public void Add(SentSubscriptionFact f)
    {
        if (AsOf is null || f.Date > AsOf) AsOf = f.Date;
        var known = _byId.TryGetValue(f.SubscriptionId, out var s);
        switch (f.Type)
        {
            case "sale":
                s ??= new SubscriptionState { Id = f.SubscriptionId, Started = f.Date, OnlyTrial = true };
                _byId[f.SubscriptionId] = s.WithPayment(
                    new SubscriptionFields(f.SubscriptionId, f.PayNumber, f.TrialPayment, f.TrialPeriod, f.RebillCircle, f.PaymentsLeft, null),
                    f.Date, f.FullAmount, f.Tax, f.Shipping);
                break;
            case "cancellation":
                s ??= new SubscriptionState { Id = f.SubscriptionId, Started = f.Date, OnlyTrial = true };
                _byId[f.SubscriptionId] = s.CancelledAt is null ? s with { CancelledAt = f.Date } : s;
                break;
            default:
                if (known) _byId[f.SubscriptionId] = s! with { Refunded = s.Refunded + f.FullAmount };
                break;
        }
    }

    public SubscriptionSummary Summary() =>
        AsOf is { } asOf ? SubscriptionBook.Summarise(_byId.Values, asOf) : new SubscriptionSummary(0, 0, 0, 0, 0m, 0, 0);
}

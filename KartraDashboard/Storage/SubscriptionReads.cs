namespace KartraDashboard.Storage;

/// <summary>
/// Subscriptions as they stand now: statuses, next payments and MRR are worked out at read time,
/// with the clock of <see cref="TimeProvider"/>, from the state kept on write (see <see cref="SubscriptionBook"/>).
/// </summary>
public sealed class SubscriptionReads(StoreWriter writer, TimeProvider clock)
{
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

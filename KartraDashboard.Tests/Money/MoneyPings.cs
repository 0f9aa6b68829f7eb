using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Money;

/// <summary>Subscription payments and cancellations with the fields as Kartra documents them.</summary>
public static class MoneyPings
{
    public static JsonObject Payment(string leadId, long transactionId, long subscriptionId, int payNumber, decimal amount, string date,
        int rebillCircle = 30, int paymentsLeft = 11, decimal tax = 0, decimal shipping = 0, int trial = 0, int trialPeriod = 0,
        string product = "Coaching", string productId = "43") =>
        TestPings.Sale(leadId, transactionId, amount, date, tax, shipping, product, productId).Transaction(
            ("transaction_subscription_id", subscriptionId), ("transaction_subscription_pay_number", payNumber),
            ("original_id", transactionId), ("rebill_circle", rebillCircle), ("payments_left", paymentsLeft),
            ("trial_payment", trial), ("trial_period", trialPeriod), ("transaction_parent_id", 0));

    public static JsonObject Cancel(string leadId, long transactionId, long subscriptionId, string date, string productId = "43") =>
        TestPings.From("cancel_subscription").Lead(leadId).Transaction(
            ("transaction_id", transactionId), ("transaction_subscription_id", subscriptionId), ("transaction_date", date), ("product_id", productId));

    public static JsonObject RefundOf(string leadId, long transactionId, long parentId, decimal amount, string date, long subscriptionId = 0, bool partial = false) =>
        TestPings.Refund(leadId, transactionId, amount, date, partial).Transaction(
            ("transaction_parent_id", parentId), ("transaction_subscription_id", subscriptionId));
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

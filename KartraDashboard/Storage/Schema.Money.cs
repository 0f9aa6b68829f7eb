namespace KartraDashboard.Storage;

internal static partial class Schema
{
    /// <summary>
    /// One document per subscription, keyed by Kartra's transaction_subscription_id (cut, see
    /// <see cref="Keys.Cut"/>), updated from each of its payments, refunds and cancellations. It keeps
    /// what the status rules read (see <see cref="SubscriptionState"/>), never a status: that moves
    /// with the clock and is worked out when read.
    /// </summary>
    public static class Subscriptions
    {
        public const string Collection = "subscriptions";
        public const string Lead = "lead";
        public const string Email = "email";
        public const string ProductId = "productId";
        public const string ProductName = "productName";
        /// <summary>The earliest payment's transaction_date.</summary>
        public const string Started = "started";
        /// <summary>Payments (sales) stored, rebills among them, their amounts, and refunds linked by the subscription id.</summary>
        public const string Payments = "n";
        public const string Rebills = "rb";
        public const string Paid = "paid";
        public const string Refunded = "refunded";
        /// <summary>Whether an initial payment had trial_payment 1, and whether every payment so far was such a one.</summary>
        public const string Trial = "trial";
        public const string OnlyTrial = "onlyTrial";
        public const string TrialPeriod = "trialDays";
        /// <summary>The latest payment (highest pay number, then latest date): its number, date, amounts, payments_left and rebill_circle.</summary>
        public const string PayNumber = "pn";
        public const string LastPayment = "last";
        public const string FullAmount = "full";
        public const string Tax = "tax";
        public const string Shipping = "ship";
        public const string PaymentsLeft = "left";
        public const string RebillCircle = "circle";
        /// <summary>A cancel_subscription arrived: its date.</summary>
        public const string CancelledAt = "cancelledAt";
        /// <summary>The span it counts in MRR as last worked out on write (start, end, amount): see <see cref="MrrWindow"/>.</summary>
        public const string WindowStart = "ws";
        public const string WindowEnd = "we";
        public const string WindowMrr = "wm";
    }

    /// <summary>
    /// Subscription figures per day of the dashboard's zone, keyed by <c>Keys.Day</c>: changes of
    /// MRR and of subscriptions counted in it (their running sum is MRR at the end of a day),
    /// cancellations, trials started and trials that made a second payment.
    /// </summary>
    public static class SubscriptionDays
    {
        public const string Collection = "subscription_days";
        public const string MrrChange = "m";
        public const string CountChange = "n";
        public const string Cancelled = "c";
        public const string TrialsStarted = "ts";
        public const string TrialsConverted = "tc";
    }

    /// <summary>Leads that ever had a sale, keyed by lead id (cut); their number is kept in <see cref="Meta"/> as "customers".</summary>
    public static class Customers
    {
        public const string Collection = "customers";
        public const string CountId = "customers";
    }

    /// <summary>Fields the money figures add to a transaction's document (see <see cref="Transactions"/>).</summary>
    public static class TransactionMoney
    {
        /// <summary>A sale with pay number 2 or more. Stored only when true.</summary>
        public const string Rebill = "rebill";
        /// <summary>Its transaction_subscription_id, when not 0.</summary>
        public const string Subscription = "sub";
        /// <summary>On a sale: the keys of the refunds whose transaction_parent_id names it.</summary>
        public const string Refunds = "refunds";
    }

    /// <summary>Fields the money figures add to a day's revenue tally and its lines (see <see cref="RevenueDays"/>); absent in days written before.</summary>
    public static class RevenueDayMoney
    {
        public const string RebillsCount = "rbc";
        public const string Rebills = "rb";
    }

    /// <summary>Leads with a sale per day, keyed by <c>Keys.Day</c>, '|' and the lead id: a range's distinct customers.</summary>
    public static class CustomerDays
    {
        public const string Collection = "customer_days";
        public const char Separator = '|';
    }
}

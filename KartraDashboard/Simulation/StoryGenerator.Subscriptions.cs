using static KartraDashboard.Simulation.SimulationCatalog;

namespace KartraDashboard.Simulation;

public sealed partial class StoryGenerator
{
    /// <summary>A plan a subscriber signs up to: how often it bills, and how many payments it has (0: until cancelled).</summary>
    private sealed record SubscriptionPlan(SimulatedProduct Product, int IntervalDays, int Payments);

    /// <summary>The yearly variant of the membership: bills every 365 days, no trial.</summary>
    private static readonly SimulatedProduct YearlyMembership =
        Products[4] with { Id = 108, Name = "academy-pro-yearly", OfficialName = "Pro Academy Membership (yearly)", Price = 490.00m, TrialDays = 0, Payments = 0 };

    private static readonly IReadOnlyList<SubscriptionPlan> Plans =
    [
        new(Products[2], 30, Products[2].Payments),   // monthly coaching, 12 payments
        new(Products[4], 30, 0),                      // monthly membership after a 14-day trial, until cancelled
        new(Products[6], 30, Products[6].Payments),   // a payment plan of 3
        new(YearlyMembership, 365, 0),                // yearly membership
    ];

    /// <summary>What becomes of a subscription by the time the story is told.</summary>
    private enum SubscriptionFate { OnTime, StoppedPaying, CancelledByCustomer, Completed, Refunded }

    /// <summary>Payments left on a plan that runs until cancelled: any number but Kartra's 9999 ("cancelled by customer") and 0 ("completed").</summary>
    private const int OpenEndedPaymentsLeft = 999;

    private sealed partial class Run
    {
        /// <summary>
        /// A subscriber's story as Kartra tells it: the payments of a monthly or yearly plan back-dated
        /// a whole interval apart (pay number rising, rebill_circle set; a trial first on the
        /// membership), and then one of: paying on time, stopping without a cancellation, cancelled
        /// by the customer (cancel_subscription, payments_left 9999 on the last payment half the
        /// time), a payment plan completed (payments_left reaching 0), or refunded and cancelled
        /// (the refund's transaction_parent_id naming the payment).
        /// </summary>
        private IEnumerable<GeneratedPing> SubscriptionStory(SimulatedLead lead)
        {
            var t = lead.NumbersAsText;
            foreach (var p in OptIn(lead, Forms[3], Lists[0], Tags[7], sequence: null)) yield return p;
            yield return Emit(lead, "kartra_page_visit", KartraPingFactory.PageDetails(Pages[6], t));

            var plan = Pick(Plans);
            var roll = _rng.Next(100);
            var fate = roll switch
            {
                < 45 => SubscriptionFate.OnTime,
                < 60 => SubscriptionFate.StoppedPaying,
                < 78 => SubscriptionFate.CancelledByCustomer,
                < 92 => plan.Payments > 0 ? SubscriptionFate.Completed : SubscriptionFate.OnTime,
                _ => SubscriptionFate.Refunded,
            };
            var paid = fate == SubscriptionFate.Completed ? plan.Payments
                : plan.Payments > 0 ? _rng.Next(1, plan.Payments)
                : plan.IntervalDays >= 365 ? _rng.Next(1, 3) : _rng.Next(1, 7);
            var trialDays = plan.Product.TrialDays;
            // Days from the last payment to now: on time stays well inside the interval; a stopped one is days to months late.
            var sinceLast = fate == SubscriptionFate.StoppedPaying
                ? plan.IntervalDays + _rng.Next(5, 60)
                : _rng.Next(1, Math.Max(2, (paid == 1 && trialDays > 0 ? trialDays : plan.IntervalDays) - 5));
            var dates = new DateTime[paid];
            dates[paid - 1] = _now.AddDays(-sinceLast).AddMinutes(-_rng.Next(0, 600));
            for (var i = paid - 2; i >= 0; i--) dates[i] = dates[i + 1].AddDays(-(i == 0 && trialDays > 0 ? trialDays : plan.IntervalDays));

            var processor = Pick(PaymentProcessors);
            var term = NewSubscription();
            SimulatedTransaction? first = null, last = null;
            for (var pay = 1; pay <= paid; pay++)
            {
                var sale = NewSale(lead, plan.Product, processor, firstPayment: pay == 1, term with { PayNumber = pay, OriginalId = first?.TransactionId ?? 0 });
                var left = plan.Payments > 0 ? plan.Payments - pay : OpenEndedPaymentsLeft;
                if (pay == paid && fate == SubscriptionFate.CancelledByCustomer && Chance(0.5)) left = 9999;
                sale = sale with
                {
                    Date = dates[pay - 1],
                    SubscriptionId = term.SubscriptionId,
                    PaymentsLeft = left,
                    RebillCircle = pay == 1 && trialDays > 0 ? trialDays : plan.IntervalDays,
                };
                first ??= sale;
                last = sale;
                yield return EmitTransaction(lead, "buy_product", sale);
                if (pay == 1 && plan.Product.Membership is { } membership)
                    yield return Emit(lead, "membership_granted", KartraPingFactory.MembershipDetails(membership, t));
            }

            var after = last!.Date.AddDays(Math.Max(0.5, sinceLast * 0.5));
            if (fate == SubscriptionFate.Refunded)
                yield return EmitTransaction(lead, "refund_product", NewRefund(last, partial: false) with { Date = after });
            if (fate is SubscriptionFate.CancelledByCustomer or SubscriptionFate.Refunded)
            {
                yield return EmitTransaction(lead, "cancel_subscription", NewCancellation(first!) with { Date = after });
                if (plan.Product.Membership is { } revoked)
                    yield return Emit(lead, "membership_revoked", KartraPingFactory.MembershipDetails(revoked, t));
            }
            if (fate == SubscriptionFate.Completed) yield return Emit(lead, "assign_tag", KartraPingFactory.TagDetails(Tags[3], t));
        }

        /// <summary>What the sent-totals need of a transaction to count its subscription as the dashboard will.</summary>
        private static SentSubscriptionFact? SubscriptionFactOf(SimulatedTransaction? t) =>
            t is null || t.SubscriptionId == 0 ? null : new SentSubscriptionFact(
                t.SubscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Type, t.Date, t.PayNumber,
                Math.Abs(t.FullAmount), t.Tax, t.Shipping, t.PaymentsLeft, t.RebillCircle, t.TrialPayment == 1, t.TrialPeriod);
    }
}

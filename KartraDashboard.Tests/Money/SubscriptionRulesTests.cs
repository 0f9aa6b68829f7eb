using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Money;

/// <summary>The contract's status rules at their boundaries, on kept state and a given instant.</summary>
[Trait("Category", "Fast")]
public class SubscriptionRulesTests
{
    private static readonly DateTime Paid = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SubscriptionState Monthly(int? paymentsLeft = 11, int payNumber = 1) => new()
    {
        Id = "1", Started = Paid, Payments = 1, Paid = 30m, OnlyTrial = false, PayNumber = payNumber,
        LastPayment = Paid, FullAmount = 30m, PaymentsLeft = paymentsLeft, RebillCircle = 30,
    };

    private static readonly DateTime Due = Paid.AddDays(30);

    [Fact]
    public void A_missed_rebill_is_active_2_days_late_overdue_4_days_late_and_lapsed_31_days_late()
    {
        var s = Monthly();
        Assert.Equal(Due, s.NextPaymentDue);
        Assert.Equal(SubscriptionStatus.Active, s.Status(Due.AddDays(2)));
        Assert.Equal(SubscriptionStatus.Active, s.Status(Due.AddDays(3)));
        Assert.Equal(SubscriptionStatus.Overdue, s.Status(Due.AddDays(3).AddMilliseconds(1)));
        Assert.Equal(SubscriptionStatus.Overdue, s.Status(Due.AddDays(4)));
        Assert.Equal(SubscriptionStatus.Overdue, s.Status(Due.AddDays(30)));
        Assert.Equal(SubscriptionStatus.Lapsed, s.Status(Due.AddDays(30).AddMilliseconds(1)));
        Assert.Equal(SubscriptionStatus.Lapsed, s.Status(Due.AddDays(31)));
        // MRR counts while active or overdue, not once lapsed.
        Assert.Equal(30m, s.Mrr(Due.AddDays(4)));
        Assert.Equal(0m, s.Mrr(Due.AddDays(31)));
    }

    [Fact]
    public void Without_an_interval_a_subscription_is_never_overdue()
    {
        var s = Monthly() with { RebillCircle = 0 };
        Assert.Null(s.IntervalDays);
        Assert.Null(s.NextPaymentDue);
        Assert.Equal(SubscriptionStatus.Active, s.Status(Paid.AddYears(3)));
        Assert.Equal(0m, s.Mrr(Paid.AddYears(3)));
    }

    [Fact]
    public void A_trial_is_trialing_inside_its_period_and_read_by_its_next_payment_after_it()
    {
        var s = Monthly() with { Trial = true, OnlyTrial = true, TrialPeriod = 14, RebillCircle = 14, FullAmount = 1m };
        Assert.Equal(SubscriptionStatus.Trialing, s.Status(Paid.AddDays(13)));
        Assert.Equal(0m, s.Mrr(Paid.AddDays(13)));
        Assert.Equal(SubscriptionStatus.Trialing, s.Status(Paid.AddDays(14).AddMilliseconds(-1)));
        Assert.Equal(SubscriptionStatus.Active, s.Status(Paid.AddDays(14)));
        Assert.Equal(SubscriptionStatus.Overdue, s.Status(Paid.AddDays(18)));
        // A second, non-trial payment ends the trial whatever the clock says.
        Assert.Equal(SubscriptionStatus.Active, (s with { OnlyTrial = false, Payments = 2 }).Status(Paid.AddDays(13)));
    }

    [Fact]
    public void Payments_left_9999_is_cancelled_and_0_is_completed_before_any_clock_rule()
    {
        Assert.Equal(SubscriptionStatus.Cancelled, Monthly(paymentsLeft: 9999).Status(Paid.AddDays(1)));
        Assert.Equal(SubscriptionStatus.Completed, Monthly(paymentsLeft: 0).Status(Paid.AddDays(1)));
        Assert.Equal(SubscriptionStatus.Completed, Monthly(paymentsLeft: 0).Status(Paid.AddYears(1)));
        Assert.Equal(Paid, Monthly(paymentsLeft: 9999).CancelledOn);
        Assert.Equal(0m, Monthly(paymentsLeft: 0).Mrr(Paid.AddDays(1)));
        // A cancellation wins over payments_left 0 (the rules' order).
        Assert.Equal(SubscriptionStatus.Cancelled, (Monthly(paymentsLeft: 0) with { CancelledAt = Paid }).Status(Paid.AddDays(1)));
    }

    [Theory]
    [InlineData("14.25", "1.00", "1.00", 60, "6.13")]   // 12.25 x 30 / 60 = 6.125: half away from zero (banker's would give 6.12)
    [InlineData("-0.01", "0", "0", 60, "-0.01")]       // -0.005: away from zero
    [InlineData("107.25", "7.25", "0", 30, "100.00")]  // monthly
    [InlineData("1306.00", "96.00", "10.00", 365, "98.63")] // yearly: 1200 x 30 / 365 = 98.6301...
    [InlineData("25.99", "2.00", "1.00", 7, "98.53")]  // weekly: 22.99 x 30 / 7 = 98.5285...
    public void Mrr_is_the_latest_payment_without_tax_and_shipping_per_30_days_rounded_half_away_from_zero(string full, string tax, string shipping, int days, string mrr)
    {
        var s = Monthly() with { FullAmount = decimal.Parse(full), Tax = decimal.Parse(tax), Shipping = decimal.Parse(shipping), RebillCircle = days };
        Assert.Equal(decimal.Parse(mrr), s.MonthlyAmount);
    }

    [Fact]
    public void Subscription_fields_read_kartras_text_and_numbers_and_0_means_none()
    {
        var f = SubscriptionFields.Of(new Dictionary<string, string?>
        {
            ["transaction_subscription_id"] = "5512", ["transaction_subscription_pay_number"] = "0", ["trial_payment"] = "1",
            ["trial_period"] = "14", ["rebill_circle"] = "N/A", ["payments_left"] = "9999", ["transaction_parent_id"] = "0",
        });
        Assert.Equal("5512", f.SubscriptionId);
        Assert.Equal(0, f.PayNumber);
        Assert.False(f.Rebill);
        Assert.True(f.TrialPayment);
        Assert.Equal(14, f.TrialPeriod);
        Assert.Null(f.RebillCircle);
        Assert.Equal(9999, f.PaymentsLeft);
        Assert.Null(f.ParentId);
        Assert.Null(SubscriptionFields.Of(new Dictionary<string, string?> { ["transaction_subscription_id"] = "0" }).SubscriptionId);
        Assert.True(SubscriptionFields.Of(new Dictionary<string, string?> { ["transaction_subscription_pay_number"] = "2" }).Rebill);
    }
}

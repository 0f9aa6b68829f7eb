using System.Text;
using KartraDashboard.Forwarding;
using KartraDashboard.Outbox;

namespace KartraDashboard.Tests.Forwarding;

[Trait("Category", "Fast")]
public class WebhookSignatureTests
{
    [Fact]
    public void Signs_the_Standard_Webhooks_example_as_the_specification_does()
    {
        // The example of the Standard Webhooks specification and its reference libraries.
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes()
    {
        var a = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", a);
        Assert.Equal(32, WebhookSignature.Key(a).Length);
        Assert.NotEqual(a, WebhookSignature.NewSecret());
    }

    [Fact]
    public void Retries_come_four_within_a_minute_then_wait_longer_and_stop_after_a_day()
    {
        var first = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var now = first;
        var waits = new List<TimeSpan>();
        for (var attempts = 1; RetrySchedule.Next(attempts, first, now) is { } next; attempts++)
        {
            waits.Add(next - now);
            now = next;
        }
        Assert.Equal([2, 5, 15, 30], waits.Take(4).Select(w => w.TotalSeconds));
        Assert.True(waits.Take(4).Aggregate(TimeSpan.Zero, (a, b) => a + b) < TimeSpan.FromMinutes(1));
        Assert.True(now - first >= TimeSpan.FromHours(24));
        Assert.True(now - first < TimeSpan.FromHours(26));
        Assert.All(waits, w => Assert.True(w <= TimeSpan.FromHours(2)));
    }
}

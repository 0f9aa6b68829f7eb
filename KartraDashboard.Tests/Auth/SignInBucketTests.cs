using KartraDashboard.Auth;

namespace KartraDashboard.Tests.Auth;

[Trait("Category", "Fast")]
public class SignInBucketTests
{
    [Fact]
    public void The_bucket_lets_a_burst_of_four_attempts_per_core_through_then_refuses()
    {
        using var bucket = new SignInBucket();
        var taken = 0;
        while (bucket.TryTake() && taken < 1000) taken++;
        // A second may pass while the loop runs and add a core's worth, no more.
        Assert.InRange(taken, 4 * Environment.ProcessorCount, 5 * Environment.ProcessorCount);
    }
}

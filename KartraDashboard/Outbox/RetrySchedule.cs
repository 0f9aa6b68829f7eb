namespace KartraDashboard.Outbox;

/// <summary>
/// When a failed delivery is tried again: the first four retries within a minute of the first
/// attempt, then growing waits up to two hours; given up once a day has passed since the first.
/// </summary>
public static class RetrySchedule
{
    private static readonly TimeSpan[] Waits =
    [
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
    ];

    private static readonly TimeSpan Longest = TimeSpan.FromHours(2);

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    /// <summary>The next attempt's time after <paramref name="attempts"/> failed ones, or null to give up.</summary>
    public static DateTime? Next(int attempts, DateTime firstAttempt, DateTime now) =>
        now - firstAttempt >= GiveUpAfter ? null : now + (attempts <= Waits.Length ? Waits[attempts - 1] : Longest);
}

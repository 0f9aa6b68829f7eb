using System.Collections.Concurrent;

namespace KartraDashboard.Auth;

/// <summary>
/// Slows password guessing: every sign-in attempt from an address waits twice as long as the
/// one before (up to a cap) until one succeeds. Attempts are counted when they start, so guesses
/// sent in parallel wait in turn too.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Forgiven = TimeSpan.FromHours(1);
    private const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<string, (int Attempts, DateTimeOffset Last)> _attempts = new();

    /// <summary>Counts an attempt and says how long to wait before answering it.</summary>
    public TimeSpan Begin(string address)
    {
        var now = clock.GetUtcNow();
        if (_attempts.Count > MaxAddresses) Forget(now);
        var (attempts, _) = _attempts.AddOrUpdate(address, _ => (1, now),
            (_, a) => now - a.Last > Forgiven ? (1, now) : (a.Attempts + 1, now));
        if (attempts == 1) return TimeSpan.Zero;
        var delay = First * Math.Pow(2, Math.Min(attempts - 2, 10));
        return delay < Cap ? delay : Cap;
    }

    public void Succeeded(string address) => _attempts.TryRemove(address, out _);

    private void Forget(DateTimeOffset now)
    {
        foreach (var (address, a) in _attempts)
            if (now - a.Last > Forgiven) _attempts.TryRemove(address, out _);
    }
}

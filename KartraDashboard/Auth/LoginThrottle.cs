using System.Collections.Concurrent;

namespace KartraDashboard.Auth;

/// <summary>
/// Slows password guessing: each failed sign-in from an address doubles the wait before the
/// next answer to that address (up to a cap); a success clears it.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Last)> _failures = new();

    public TimeSpan DelayFor(string address)
    {
        if (!_failures.TryGetValue(address, out var f)) return TimeSpan.Zero;
        // Forgiven after an hour of quiet.
        if (clock.GetUtcNow() - f.Last > TimeSpan.FromHours(1)) return TimeSpan.Zero;
        var delay = First * Math.Pow(2, Math.Min(f.Failures - 1, 10));
        return delay < Cap ? delay : Cap;
    }

    public void Failed(string address) =>
        _failures.AddOrUpdate(address, _ => (1, clock.GetUtcNow()), (_, f) => (f.Failures + 1, clock.GetUtcNow()));

    public void Succeeded(string address) => _failures.TryRemove(address, out _);
}

using System.Net;
using System.Net.Sockets;

namespace KartraDashboard.Auth;

/// <summary>
/// Limits password guessing by rate, not only by delay: one attempt in flight per address, and
/// after each wrong password the next one from that address is taken only after a wait that
/// doubles (up to a cap). A wrong answer is held back for that wait, so a person who reads it
/// and tries again is never refused; guesses sent in parallel or early are refused at once,
/// costing no hash. IPv6 addresses count per /64, the block one subscriber usually holds.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Forgiven = TimeSpan.FromHours(1);
    /// <summary>Addresses remembered at most; past it the forgiven ones go, then the longest quiet.</summary>
    public const int MaxAddresses = 10_000;

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset NotBefore;
        public DateTimeOffset Last;
        public bool InFlight;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>The key an address is counted under: itself for IPv4, its /64 for IPv6.</summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// Takes the address's one slot for an attempt; false, with how long to wait, when an
    /// attempt from it is under way or its wait after a wrong password has not passed.
    /// </summary>
    public bool TryBegin(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= MaxAddresses) Forget(now);
                _entries[key] = entry = new Entry();
            }
            else if (!entry.InFlight && now - entry.Last > Forgiven)
            {
                entry.Failures = 0;
                entry.NotBefore = now;
            }
            entry.Last = now;
            if (entry.InFlight || now < entry.NotBefore)
            {
                var left = entry.NotBefore - now;
                retryAfter = left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
                return false;
            }
            entry.InFlight = true;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Counts a wrong password; returns the wait before the next attempt, for which the answer is held.</summary>
    public TimeSpan Failed(string key)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry)) return TimeSpan.Zero;
            entry.Failures++;
            var wait = First * Math.Pow(2, Math.Min(entry.Failures - 1, 10));
            if (wait > Cap) wait = Cap;
            entry.NotBefore = now + wait;
            return wait;
        }
    }

    public void Succeeded(string key)
    {
        lock (_gate) _entries.Remove(key);
    }

    /// <summary>Frees the address's slot once its answer is sent.</summary>
    public void End(string key)
    {
        lock (_gate)
            if (_entries.TryGetValue(key, out var entry))
                entry.InFlight = false;
    }

    // Under the lock. Forgiven addresses go first; if that is not enough, the quarter quiet longest
    // (never one with an attempt under way), so the table stays capped whatever addresses send.
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.Where(e => !e.Value.InFlight && now - e.Value.Last > Forgiven).ToList())
            _entries.Remove(key);
        if (_entries.Count < MaxAddresses) return;
        foreach (var (key, _) in _entries.Where(e => !e.Value.InFlight).OrderBy(e => e.Value.Last).Take(MaxAddresses / 4).ToList())
            _entries.Remove(key);
    }
}

using KartraDashboard.Storage;

namespace KartraDashboard.Live;

/// <summary>
/// The one in-process publisher of stored events. The writer tells it after each commit; the
/// SignalR hub and every open page listen. Listeners are called on the writer's thread, so they
/// must only hand the events on (to a channel, or to a component's InvokeAsync).
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed> log)
{
    private readonly Lock _gate = new();
    private Action<IReadOnlyList<EventItem>>[] _listeners = [];

    public IDisposable Subscribe(Action<IReadOnlyList<EventItem>> listener)
    {
        lock (_gate) _listeners = [.. _listeners, listener];
        return new Subscription(this, listener);
    }

    public void Publish(IReadOnlyList<EventItem> events)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try { listener(events); }
            catch (Exception e) { log.LogWarning(e, "A live listener failed"); }
        }
    }

    private void Unsubscribe(Action<IReadOnlyList<EventItem>> listener)
    {
        lock (_gate) _listeners = _listeners.Where(l => l != listener).ToArray();
    }

    private sealed class Subscription(LiveFeed feed, Action<IReadOnlyList<EventItem>> listener) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(listener);
    }
}

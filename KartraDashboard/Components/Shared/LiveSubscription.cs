using KartraDashboard.Live;
using KartraDashboard.Storage;

namespace KartraDashboard.Components.Shared;

/// <summary>
/// A page's subscription to the live feed. Events that arrive close together are handed over
/// as one batch, on the component's dispatcher, at most once per interval: a flood of pings
/// becomes a few renders, not one render per ping.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(300);

    private readonly Lock _gate = new();
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly Func<IReadOnlyList<EventItem>, Task> _onBatch;
    private readonly TimeSpan _interval;
    private readonly IDisposable _subscription;
    private List<EventItem> _pending = [];
    private bool _scheduled;
    private volatile bool _disposed;

    /// <param name="invokeAsync">The component's InvokeAsync, so the batch runs on its dispatcher.</param>
    public LiveSubscription(LiveFeed feed, Func<Func<Task>, Task> invokeAsync, Func<IReadOnlyList<EventItem>, Task> onBatch, TimeSpan? interval = null)
    {
        _invokeAsync = invokeAsync;
        _onBatch = onBatch;
        _interval = interval ?? DefaultInterval;
        _subscription = feed.Subscribe(Take);
    }

    private void Take(IReadOnlyList<EventItem> events)
    {
        lock (_gate)
        {
            _pending.AddRange(events);
            if (_scheduled) return;
            _scheduled = true;
        }
        _ = DeliverLaterAsync();
    }

    // One delivery runs at a time: what arrives meanwhile waits for the next, so a page's handler
    // never overlaps itself.
    private async Task DeliverLaterAsync()
    {
        while (true)
        {
            await Task.Delay(_interval);
            List<EventItem> batch;
            lock (_gate)
            {
                if (_disposed || _pending.Count == 0)
                {
                    _scheduled = false;
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            try
            {
                await _invokeAsync(() => _onBatch(batch));
            }
            catch (ObjectDisposedException)
            {
                // The circuit went away between the check and the call.
                return;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }
}

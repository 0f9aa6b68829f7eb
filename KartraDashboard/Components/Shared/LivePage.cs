using KartraDashboard.Live;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Shared;

/// <summary>
/// What every dashboard page shares: its format and navigation, its subscription to the live feed,
/// and one way to read and to fail.
/// <list type="bullet">
/// <item>Reads go through <see cref="ReadAsync{T}"/>: on the thread pool, never on the circuit's
/// thread, so a slow query never holds up the page's other events.</item>
/// <item>A read that fails shows <see cref="Error"/> (rendered by <see cref="PageError"/>) with a
/// retry, and is logged; it never throws into the circuit, so the page stays usable.</item>
/// <item>Live events arrive through <see cref="OnLiveAsync"/> in batches, at most one per
/// <see cref="LiveSubscription.DefaultInterval"/>, and the page re-renders once per batch.</item>
/// </list>
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    [Inject] protected DashboardFormat Format { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected IDialogService Dialogs { get; set; } = default!;
    [Inject] private LiveFeed Feed { get; set; } = default!;
    [Inject] private ILogger<LivePage> Log { get; set; } = default!;

    private LiveSubscription? _live;
    private int _reads;
    private bool _disposed;

    /// <summary>A read is under way.</summary>
    protected bool Loading => _reads > 0;

    /// <summary>The one message the page shows when it cannot show its data: a failed read, or a link it cannot use.</summary>
    protected string? Error { get; private set; }

    /// <summary>The error's retry, or null when reading again cannot help (a link the page cannot use).</summary>
    protected Func<Task>? Retry { get; private set; }

    /// <summary>Whether the page follows the live feed; a page with nothing live says no.</summary>
    protected virtual bool FollowsLive => true;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        // Here rather than in OnInitialized, so a page's own OnInitialized need not call the base.
        if (_live is null && FollowsLive && !_disposed) _live = new LiveSubscription(Feed, InvokeAsync, DeliverAsync);
        return base.SetParametersAsync(parameters);
    }

    /// <summary>Reads the page's data again: what the error's retry does.</summary>
    protected abstract Task ReloadAsync();

    /// <summary>
    /// Handles a batch of new events. Returns whether the page changed and should render again.
    /// An exception here shows as the page's error, like a failed read.
    /// </summary>
    protected virtual Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch) => Task.FromResult(false);

    /// <summary>
    /// Runs <paramref name="read"/> on the thread pool and hands its result to <paramref name="show"/>
    /// back on the page's thread. Returns false, with <see cref="Error"/> set to
    /// "<paramref name="failure"/>: reason", when the read fails. Storage hands out lists, never
    /// lazy queries, so nothing of LiteDB crosses the await.
    /// </summary>
    protected async Task<bool> ReadAsync<T>(Func<T> read, Action<T> show, string failure)
    {
        _reads++;
        try
        {
            var value = await Task.Run(read);
            show(value);
            if (Retry is not null) ClearError();
            return true;
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "{Page}: {Failure}", GetType().Name, failure);
            Error = $"{failure}: {e.Message}";
            Retry = RetryAsync;
            return false;
        }
        finally
        {
            _reads--;
        }
    }

    /// <summary>Shows a message for a link the page cannot use (a bad date, an unknown filter); no retry.</summary>
    protected void ShowInvalid(string message)
    {
        Error = message;
        Retry = null;
    }

    protected void ClearError()
    {
        Error = null;
        Retry = null;
    }

    private async Task RetryAsync()
    {
        ClearError();
        await ReloadAsync();
    }

    private async Task DeliverAsync(IReadOnlyList<EventItem> batch)
    {
        bool changed;
        try
        {
            changed = await OnLiveAsync(batch);
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "{Page}: following new events failed", GetType().Name);
            Error = $"New events could not be shown: {e.Message}";
            Retry = RetryAsync;
            changed = true;
        }
        if (changed && !_disposed) StateHasChanged();
    }

    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}

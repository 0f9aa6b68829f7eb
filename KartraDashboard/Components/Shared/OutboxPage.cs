using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Shared;

/// <summary>
/// What the forwarding and alert pages share on top of <see cref="LivePage"/>: one way to ask the
/// writer for a change and to say it failed, and the delivery log of the destination shown,
/// read again as new pings owe deliveries.
/// </summary>
public abstract class OutboxPage : LivePage
{
    [Inject] protected OutboxReads Reads { get; set; } = default!;
    [Inject] protected StoreWriter Writer { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    protected const int LogSize = 50;

    /// <summary>A change is under way: its buttons are off until it is done.</summary>
    protected bool Busy { get; private set; }

    /// <summary>The destination whose log is shown, its log, and the status it is narrowed to ("" for all).</summary>
    protected Destination? Shown { get; set; }
    protected IReadOnlyList<Delivery> Log { get; private set; } = [];
    protected string Status { get; set; } = "";

    protected override async Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        if (Shown is null) return false;
        await LoadLogAsync();
        return true;
    }

    protected async Task LoadLogAsync()
    {
        if (Shown is not { } to) return;
        var status = Status.Length == 0 ? null : Status;
        await ReadAsync(() => Reads.Deliveries(to, status, LogSize), log => Log = log, "The deliveries could not be read");
    }

    /// <summary>Runs a write; a store that cannot take it is a message, not a broken page.</summary>
    protected async Task WriteAsync(Func<Task> write, string failure)
    {
        Busy = true;
        try { await write(); }
        catch (Exception e) when (e is StoreClosedException or StoreNotDurableException or LiteDB.LiteException or IOException)
        {
            Snackbar.Add($"{failure}: {e.Message}", Severity.Error);
        }
        finally { Busy = false; }
    }
}

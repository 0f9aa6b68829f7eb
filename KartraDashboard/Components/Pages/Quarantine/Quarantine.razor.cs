using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Quarantine;

public partial class Quarantine
{
    public const int PageSize = 50;

    [Inject] private EventStore Store { get; set; } = default!;
    [Inject] private QuarantineReprocessor Reprocessor { get; set; } = default!;
    [Inject] private DashboardFormat Format { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private Page<QuarantineItem> _page = new(0, []);
    private int _skip;
    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private QuarantineDetail? _viewing;
    private string _viewingText = "";

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            var skip = _skip;
            _page = await Task.Run(() => Store.Quarantined(skip, PageSize));
        }
        catch (Exception e)
        {
            _error = "The quarantine could not be read: " + e.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task PageAsync(int direction)
    {
        _skip = Math.Max(0, _skip + direction * PageSize);
        await LoadAsync();
    }

    private void View(QuarantineItem item)
    {
        _viewing = long.TryParse(item.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Store.QuarantinedBody(id) : null;
        _viewingText = _viewing is null ? "" : RawText.Pretty(_viewing.Raw, _viewing.RawEncoding);
        if (_viewing is null) Snackbar.Add($"Body {item.Id} is no longer kept.", Severity.Warning);
    }

    private async Task ReprocessAsync(QuarantineItem item)
    {
        if (!long.TryParse(item.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return;
        _busy = true;
        try
        {
            var outcome = await Reprocessor.ReprocessAsync(id);
            var (message, severity) = outcome.Status switch
            {
                ReprocessStatus.Stored => ($"Re-processed as event {outcome.Event!.Id}: {ActionCatalog.Of(outcome.Event.Action).Label}.", Severity.Success),
                ReprocessStatus.StillNotAPing => ("Still not a Kartra ping: " + outcome.Message, Severity.Warning),
                ReprocessStatus.AlreadyDone => (outcome.Message, Severity.Info),
                ReprocessStatus.NotFound => ($"Body {item.Id} is no longer kept.", Severity.Warning),
                _ => ("Re-processing failed: " + outcome.Message, Severity.Error),
            };
            Snackbar.Add(message, severity);
        }
        finally
        {
            _busy = false;
        }
        if (_viewing?.Id == item.Id) View(item);
        await LoadAsync();
    }

    private Task ShowEventAsync(string eventId) =>
        EventDetailsDialog.ShowAsync(Dialogs, eventId);

    private async Task CopyAsync()
    {
        var copied = await JS.InvokeAsync<bool>("kartraDashboard.copy", _viewingText);
        Snackbar.Add(copied ? "Body copied." : "The browser did not allow copying; select the text instead.", copied ? Severity.Success : Severity.Warning);
    }
}

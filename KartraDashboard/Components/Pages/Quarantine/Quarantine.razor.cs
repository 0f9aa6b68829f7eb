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
    [Inject] private StoreWriter Writer { get; set; } = default!;
    [Inject] private PingParser Parser { get; set; } = default!;
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
        if (!long.TryParse(item.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || Store.QuarantinedRaw(id) is not var (body, already))
        {
            Snackbar.Add($"Body {item.Id} is no longer kept.", Severity.Warning);
            return;
        }
        if (already is not null)
        {
            Snackbar.Add($"This body was already re-processed as event {already}.", Severity.Info);
            return;
        }
        _busy = true;
        try
        {
            var result = await Writer.Submit(l => l.Reprocess(id, body, Parser.Parse(body, null)));
            if (result.Event is { } e)
                Snackbar.Add($"Re-processed as event {e.Id}: {KartraActions.LabelOf(e.Action)}.", Severity.Success);
            else
                Snackbar.Add("Still not a Kartra ping: " + (result.Error ?? "no reason given."), Severity.Warning);
        }
        catch (Exception e)
        {
            Snackbar.Add("Re-processing failed: " + e.Message, Severity.Error);
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

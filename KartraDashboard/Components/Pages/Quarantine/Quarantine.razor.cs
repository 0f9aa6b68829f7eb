using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Quarantine;

public partial class Quarantine : LivePage
{
    [Inject] private QuarantineReads QuarantineReads { get; set; } = default!;
    public const int PageSize = 50;

    [Inject] private QuarantineReprocessor Reprocessor { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private Page<QuarantineItem> _page = new(0, []);
    private int _skip;
    private bool _busy;
    private QuarantineDetail? _viewing;
    private string _viewingText = "";

    // The live feed carries stored events; a quarantined body is not one, so there is nothing to follow.
    protected override bool FollowsLive => false;

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected override Task ReloadAsync()
    {
        var skip = _skip;
        return ReadAsync(() => QuarantineReads.List(skip, PageSize), page => _page = page, "The quarantine could not be read");
    }

    private async Task PageAsync(int direction)
    {
        _skip = Math.Max(0, _skip + direction * PageSize);
        await ReloadAsync();
    }

    private async Task ViewAsync(QuarantineItem item)
    {
        if (!long.TryParse(item.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return;
        await ReadAsync(() => QuarantineReads.Detail(id), body =>
        {
            _viewing = body;
            _viewingText = body is null ? "" : RawText.Pretty(body.Raw, body.RawEncoding);
            if (body is null) Snackbar.Add($"Body {item.Id} is no longer kept.", Severity.Warning);
        }, "The body could not be read");
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
        catch (Exception e) when (e is LiteDB.LiteException or IOException)
        {
            // The body is read before the writer takes it; a failed read is a message, not a broken page.
            Snackbar.Add("Re-processing failed: " + e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        if (_viewing?.Id == item.Id) await ViewAsync(item);
        await ReloadAsync();
    }

    private Task ShowEventAsync(string eventId) =>
        EventDetailsDialog.ShowAsync(Dialogs, eventId);
}

using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Forwarding;
using KartraDashboard.Hosting;
using KartraDashboard.Outbox;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Forwarding;

public partial class Forwarding : OutboxPage
{
    [Inject] private EventReads Events { get; set; } = default!;
    [Inject] private ZoneSettings Zones { get; set; } = default!;

    private IReadOnlyList<ForwardTarget> _targets = [];
    private ForwardTarget? _created;
    private ForwardTarget? _selected;
    private string? _url, _actions, _formError, _replayFrom, _replayTo;

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected override async Task ReloadAsync()
    {
        await ReadAsync(() => Reads.Targets(), targets => _targets = targets, "The forwarding targets could not be read");
        await LoadLogAsync();
    }

    private async Task CreateAsync()
    {
        _formError = null;
        var actions = (_actions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!DestinationChecks.IsWebAddress(_url?.Trim())) _formError = "The target URL must be an absolute http or https address.";
        else if (!DestinationChecks.TryActions(actions.Length == 0 ? null : actions, out var checkedActions, out var error)) _formError = error;
        else await WriteAsync(async () =>
        {
            _created = await Writer.AddTargetAsync(_url!.Trim(), checkedActions, WebhookSignature.NewSecret(), true, Time.GetUtcNow().UtcDateTime);
            _url = _actions = null;
            _selected = _created with { Secret = null };
            Shown = Id(_selected);
        }, "The target could not be added");
        await ReloadAsync();
    }

    private async Task ShowAsync(ForwardTarget target)
    {
        _selected = target;
        Shown = Id(target);
        await LoadLogAsync();
    }

    private async Task TestAsync(ForwardTarget target)
    {
        await WriteAsync(() => Writer.OweTestAsync(Id(target), null, ForwardRequest.TestBody, "application/json"), "The test could not be owed");
        Snackbar.Add("A test ping is on its way.", Severity.Info);
        await ShowAsync(target);
    }

    private async Task SetEnabledAsync(ForwardTarget target, bool enabled)
    {
        await WriteAsync(() => Writer.SetTargetEnabledAsync(Id(target).Id, enabled), "The target could not be changed");
        await ReloadAsync();
    }

    private async Task DeleteAsync(ForwardTarget target)
    {
        await WriteAsync(() => Writer.DeleteTargetAsync(Id(target).Id), "The target could not be deleted");
        if (_selected?.Id == target.Id) (_selected, Shown) = (null, null);
        await ReloadAsync();
    }

    private async Task ReplayAsync()
    {
        if (_selected is not { } selected) return;
        if (!TimeRange.TryParse(_replayFrom, _replayTo, Zones.Dashboard, out var from, out var to, out var error))
        {
            Snackbar.Add(error!, Severity.Warning);
            return;
        }
        long owed = 0;
        await WriteAsync(async () => owed = Events.IdsReceived(from, to) is var (lo, hi) ? await Writer.ReplayAsync(Id(selected).Id, lo, hi) : 0,
            "The replay could not be owed");
        Snackbar.Add($"{DashboardFormat.Count(owed)} events owed again.", Severity.Info);
        await LoadLogAsync();
    }

    private static Destination Id(ForwardTarget t) => Destination.Target(long.Parse(t.Id, CultureInfo.InvariantCulture));
}

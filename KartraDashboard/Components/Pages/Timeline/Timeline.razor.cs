using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using MudBlazor.Extensions;

namespace KartraDashboard.Components.Pages.Timeline;

public partial class Timeline : LivePage
{
    [Inject] private EventReads EventReads { get; set; } = default!;
    public const int PageSize = 50;
    // Enough to step back through a long read; older steps fall back to the newest page.
    private const int MaxCursors = 100;

    [SupplyParameterFromQuery(Name = "action")] public string? Action { get; set; }
    [SupplyParameterFromQuery(Name = "lead")] public string? Lead { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "subject")] public string? SubjectFilter { get; set; }

    private MudTextField<string>? _leadField;
    private TimelineFilter _filter = new(new HashSet<string>(), null, null, null);
    private string? _filterKey;
    private string? _leadText;
    private bool _actionsOpen;
    private bool _invalid;

    private Page<EventItem> _page = new(0, []);
    private long? _cursor;
    private readonly List<long?> _previous = [];
    private long _offset;
    private IReadOnlySet<string> _fresh = new HashSet<string>();
    private bool _paused;
    private long _missed;

    private bool HasOlder => _page.Items.Count == PageSize && _offset + _page.Items.Count < _page.Total;

    protected override async Task OnParametersSetAsync()
    {
        var key = string.Join('\n', Action, Lead, From, To, SubjectFilter);
        if (key == _filterKey) return;
        _filterKey = key;
        _leadText = Lead;
        ClearError();
        _invalid = !TimeRange.TryParse(From, To, Format.Zone, out var from, out var to, out var rangeError);
        if (_invalid)
        {
            ShowInvalid(rangeError!);
            _page = new Page<EventItem>(0, []);
            return;
        }
        if (!KartraDashboard.Ingestion.EventSubject.TryParseFilter(SubjectFilter, out var about, out var subjectError))
        {
            _invalid = true;
            ShowInvalid(subjectError);
            _page = new Page<EventItem>(0, []);
            return;
        }
        _filter = new TimelineFilter(TimelineFilter.ParseActions(Action), Lead, from, to) { Subject = about };
        await LoadFirstPageAsync();
    }

    protected override Task ReloadAsync() => LoadAsync(_cursor);

    private async Task LoadFirstPageAsync()
    {
        _previous.Clear();
        _offset = 0;
        _missed = 0;
        await LoadAsync(null);
    }

    private Task LoadAsync(long? cursor)
    {
        var query = _filter.Query(cursor, PageSize);
        return ReadAsync(() => EventReads.List(query), page =>
        {
            _page = page;
            _cursor = cursor;
            _fresh = new HashSet<string>();
        }, "The events could not be read");
    }

    protected override Task<bool> OnLiveAsync(IReadOnlyList<EventItem> batch)
    {
        var matching = batch.Where(_filter.Matches).ToList();
        if (matching.Count == 0 || _invalid) return Task.FromResult(false);
        if (_paused || _cursor is not null || Loading || Error is not null)
        {
            _missed += matching.Count;
        }
        else
        {
            var merged = LiveList.Merge(_page.Items, matching, PageSize);
            _page = new Page<EventItem>(_page.Total + merged.Added, merged.Items);
            _fresh = merged.Fresh;
        }
        return Task.FromResult(true);
    }

    private async Task OlderAsync()
    {
        if (_page.Items.Count == 0) return;
        if (_previous.Count == MaxCursors) _previous.RemoveAt(0);
        _previous.Add(_cursor);
        _offset += _page.Items.Count;
        await LoadAsync(LiveList.IdOf(_page.Items[^1]));
    }

    private async Task NewerAsync()
    {
        if (_previous.Count == 0)
        {
            await LoadFirstPageAsync();
            return;
        }
        var cursor = _previous[^1];
        _previous.RemoveAt(_previous.Count - 1);
        _offset = Math.Max(0, _offset - PageSize);
        if (cursor is null) _missed = 0;
        await LoadAsync(cursor);
    }

    private Task ShowNewestAsync() => LoadFirstPageAsync();

    private async Task SetPausedAsync(bool paused)
    {
        _paused = paused;
        // Back to live on the first page: show what came in while paused.
        if (!paused && _cursor is null && _missed > 0) await LoadFirstPageAsync();
    }

    private Task ShowEventAsync(EventItem item) => EventDetailsDialog.ShowAsync(Dialogs, item.Id);

    // ---- filters: every change goes through the URL, so a filtered view is a link ----

    private void Navigate(string name, object? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, value as string));

    private Task ApplyLeadAsync(string? text)
    {
        _leadText = text;
        var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (value != (string.IsNullOrWhiteSpace(Lead) ? null : Lead.Trim())) Navigate("lead", value);
        return Task.CompletedTask;
    }

    private Task LeadKeyDownAsync(KeyboardEventArgs e) =>
        e.Key == "Enter" ? ApplyLeadAsync(_leadField?.GetState(x => x.Text)) : Task.CompletedTask;

    private Task ApplyRangeAsync((string? From, string? To) range)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["from"] = range.From, ["to"] = range.To }));
        return Task.CompletedTask;
    }

    private Task ToggleActionAsync(string action)
    {
        var actions = new HashSet<string>(_filter.Actions, StringComparer.Ordinal);
        if (!actions.Remove(action)) actions.Add(action);
        Navigate("action", actions.Count == 0 ? null : string.Join(',', actions.OrderBy(a => a, StringComparer.Ordinal)));
        return Task.CompletedTask;
    }

    private Task ClearFiltersAsync()
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["action"] = null, ["lead"] = null, ["from"] = null, ["to"] = null,
        }));
        return Task.CompletedTask;
    }

    /// <summary>The export of what the timeline shows: the same filters, every matching event.</summary>
    private string ExportHref => "/api/events.csv" + new Uri(Navigation.Uri).Query;

    private void RemoveSubject() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("subject", (string?)null));
}

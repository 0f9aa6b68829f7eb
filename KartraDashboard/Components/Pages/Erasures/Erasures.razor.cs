using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;

namespace KartraDashboard.Components.Pages.Erasures;

public partial class Erasures : LivePage
{
    [Inject] private ErasureReads ErasureReads { get; set; } = default!;
    public const int PageSize = 50;

    private Page<ErasureItem> _page = new(0, []);
    private int _skip;

    // An erasure is not an event: there is nothing live to follow.
    protected override bool FollowsLive => false;

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected override Task ReloadAsync()
    {
        var skip = _skip;
        return ReadAsync(() => ErasureReads.List(skip, PageSize), page => _page = page, "The erasure log could not be read");
    }

    private async Task PageAsync(int direction)
    {
        _skip = Math.Max(0, _skip + direction * PageSize);
        await ReloadAsync();
    }
}

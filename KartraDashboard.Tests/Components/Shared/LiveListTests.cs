using System.Globalization;
using KartraDashboard.Components.Shared;
using KartraDashboard.Storage;

namespace KartraDashboard.Tests.Components.Shared;

[Trait("Category", "Fast")]
public class LiveListTests
{
    private static EventItem Event(long id) =>
        new(id.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UnixEpoch.AddSeconds(id), "assign_tag", null, null, null, $"event {id}", null, false);

    private static IEnumerable<string> Ids(IEnumerable<EventItem> items) => items.Select(e => e.Id);

    [Fact]
    public void Newcomers_go_on_top_newest_first_and_what_is_shown_is_not_repeated()
    {
        List<EventItem> shown = [Event(5), Event(3)];

        var merged = LiveList.Merge(shown, [Event(9), Event(5), Event(7), Event(9)]);

        Assert.Equal(["9", "7", "5", "3"], Ids(merged.Items));
        Assert.Equal(new HashSet<string> { "9", "7" }, merged.Fresh);
        Assert.Equal(2, merged.Added);
    }

    [Fact]
    public void The_list_keeps_at_most_its_length()
    {
        List<EventItem> shown = [Event(3), Event(2), Event(1)];

        var merged = LiveList.Merge(shown, [Event(4), Event(5)], max: 3);

        Assert.Equal(["5", "4", "3"], Ids(merged.Items));
    }

    [Fact]
    public void Ids_order_as_numbers_not_as_text()
    {
        var merged = LiveList.Merge([], [Event(9), Event(10), Event(100)]);

        Assert.Equal(["100", "10", "9"], Ids(merged.Items));
        Assert.Equal(100, LiveList.IdOf(merged.Items[0]));
    }
}

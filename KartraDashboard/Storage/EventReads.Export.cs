using System.Globalization;

namespace KartraDashboard.Storage;

/// <summary>Where the next chunk of an export of events starts: the events older than this id.</summary>
public sealed record EventCursor(long Before);

public sealed partial class EventReads
{
    /// <summary>One chunk of the events a query matches, newest first, read whole (see <see cref="Chunks"/>).</summary>
    public Chunk<EventItem, EventCursor> ReadChunk(EventQuery q, EventCursor? after, int size)
    {
        var page = List(q with { Before = after?.Before ?? q.Before, Skip = 0, Take = size, WithoutTotal = true });
        return new Chunk<EventItem, EventCursor>(page.Items,
            page.Items.Count < size ? null : new EventCursor(long.Parse(page.Items[^1].Id, CultureInfo.InvariantCulture)));
    }
}

namespace KartraDashboard.Storage;

/// <summary>Items read whole from the store, and where the next chunk starts (null after the last).</summary>
public sealed record Chunk<T, TCursor>(IReadOnlyList<T> Items, TCursor? Next) where TCursor : class;

/// <summary>
/// A position in a date-ordered read: the last date handed out, and the items at that date
/// already handed out (dates are not unique, so the next chunk starts at the same date and skips them).
/// </summary>
public sealed class DateCursor
{
    private readonly HashSet<string> _seenAtDate;

    private DateCursor(DateTime date, HashSet<string> seenAtDate)
    {
        Date = date;
        _seenAtDate = seenAtDate;
    }

    public DateTime Date { get; }

    public bool Has(DateTime date, string id) => date == Date && _seenAtDate.Contains(id);

    /// <summary>The cursor after a chunk that was read from <paramref name="previous"/> on, in order.</summary>
    public static DateCursor After(DateCursor? previous, IEnumerable<(DateTime Date, string Id)> chunk)
    {
        var items = chunk.ToList();
        var last = items[^1].Date;
        var seen = previous is not null && previous.Date == last ? new HashSet<string>(previous._seenAtDate, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
        foreach (var (date, id) in items)
            if (date == last) seen.Add(id);
        return new DateCursor(last, seen);
    }
}

public static class Chunks
{
    /// <summary>
    /// Every item of a chunked read, for a writer that awaits between items. Each chunk is read
    /// whole, synchronously, by <paramref name="read"/> inside one step of this enumeration, so
    /// no LiteDB query is ever open across an await: LiteDB 5.0.21 takes a query's read lock on
    /// the thread that starts it and silently keeps it when the query ends on another thread,
    /// after which no checkpoint can run again.
    /// </summary>
    public static IEnumerable<T> ReadAll<T, TCursor>(Func<TCursor?, Chunk<T, TCursor>> read) where TCursor : class
    {
        TCursor? cursor = null;
        do
        {
            var chunk = read(cursor);
            foreach (var item in chunk.Items) yield return item;
            cursor = chunk.Next;
        }
        while (cursor is not null);
    }
}

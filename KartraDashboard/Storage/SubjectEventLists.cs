using LiteDB;
using SE = KartraDashboard.Storage.Schema.SubjectEvents;

namespace KartraDashboard.Storage;

/// <summary>
/// Each subject's events, listed apart from the events themselves (see <see cref="Schema.SubjectEvents"/>):
/// how a list is written and read. The lists hold every event up to a cursor kept in the file;
/// the few stored after it are read from the events, by id.
/// </summary>
internal static class SubjectEventLists
{
    /// <summary>The most ids in one list: a few kilobytes at most, so rewriting it with more ids touches a page or two.</summary>
    public const int Capacity = 512;

    /// <summary>Rising ids: the first as it is, then each one's distance from the one before, seven bits a byte.</summary>
    public static byte[] Encode(IReadOnlyList<long> ids)
    {
        using var bytes = new MemoryStream(ids.Count * 2);
        using var writer = new BinaryWriter(bytes);
        var previous = 0L;
        foreach (var id in ids)
        {
            writer.Write7BitEncodedInt64(id - previous);
            previous = id;
        }
        writer.Flush();
        return bytes.ToArray();
    }

    public static List<long> Decode(byte[] encoded)
    {
        var ids = new List<long>(Capacity);
        using var reader = new BinaryReader(new MemoryStream(encoded));
        var id = 0L;
        while (reader.BaseStream.Position < encoded.Length) ids.Add(id += reader.Read7BitEncodedInt64());
        return ids;
    }

    /// <summary>
    /// Writes the actions of a list's ids, in their order: a subject's events are of a few of the
    /// catalog's actions, so each takes a byte and the list can count or skip them by action
    /// without reading an event. More than a byte can name leaves the list without (never so).
    /// </summary>
    public static void WriteActions(BsonDocument list, IReadOnlyList<string> actions)
    {
        var names = new List<string>();
        var codes = new byte[actions.Count];
        for (var i = 0; i < actions.Count; i++)
        {
            var at = names.IndexOf(actions[i]);
            if (at < 0) names.Add(actions[i]);
            if (names.Count > byte.MaxValue + 1)
            {
                list.Remove(SE.Actions);
                list.Remove(SE.Codes);
                return;
            }
            codes[i] = (byte)(at < 0 ? names.Count - 1 : at);
        }
        list[SE.Actions] = new BsonArray(names.Select(n => new BsonValue(n)));
        list[SE.Codes] = codes;
    }

    /// <summary>The action of each of a list's ids, in their order; null for a list written before lists kept them.</summary>
    public static List<string>? Actions(BsonDocument list)
    {
        if (!list[SE.Actions].IsArray || !list[SE.Codes].IsBinary) return null;
        var names = list[SE.Actions].AsArray.Select(a => a.AsString).ToArray();
        return list[SE.Codes].AsBinary.Select(c => names[c]).ToList();
    }

    /// <summary>The last event listed under its subject; every event before it is listed too, or has no subject.</summary>
    public static long Fed(ILiteCollection<BsonDocument> meta) =>
        meta.FindById(SE.FedId) is { } d ? d[Schema.Meta.Value].AsInt64 : 0;

    /// <summary>The first event whose subject figures are added as it is listed (see <see cref="SE.FiguresFromId"/>).</summary>
    public static long FiguresFrom(ILiteCollection<BsonDocument> meta) =>
        meta.FindById(SE.FiguresFromId) is { } d ? d[Schema.Meta.Value].AsInt64 : 0;

    /// <summary>
    /// The last event that may carry a subject key: while the events stored before subjects were
    /// kept are being counted (see <see cref="SubjectBackfill"/>), those after the count carry none yet.
    /// </summary>
    public static long KeyedThrough(ILiteCollection<BsonDocument> meta) =>
        meta.FindById(SubjectProgress.DocumentId) is { } d && SubjectProgress.FromBson(d) is { EventsDone: false } counting ? counting.EventsAfter : Keys.MaxId;

    /// <summary>
    /// A subject's events from <paramref name="from"/> to <paramref name="hi"/>, newest first, read
    /// from the events by id: those stored after the lists' cursor, a few thousand at most, but for
    /// a file of before whose events are still being listed at start.
    /// </summary>
    public static IEnumerable<BsonDocument> Unlisted(ILiteCollection<BsonDocument> events, string group, long from, long hi)
    {
        if (from > hi) return [];
        var query = new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending };
        query.Where.Add(Filter.Between(Schema.Id, from, hi));
        return events.Find(query).Where(d => d[Schema.EventSubjects.Key].IsString && Keys.IsIn(d[Schema.EventSubjects.Key].AsString, group));
    }

    /// <summary>The subject's list that holds <paramref name="id"/>'s place: the last one whose first id is at most it.</summary>
    public static BsonDocument? ListAt(ILiteCollection<BsonDocument> lists, string group, long id)
    {
        var query = new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending, Limit = 1 };
        query.Where.Add(Filter.Between(Schema.Id, Keys.Lowest(group), Keys.Of(group, id)));
        return lists.Find(query).FirstOrDefault(d => Keys.IsIn(d[Schema.Id].AsString, group));
    }

    /// <summary>The subject's first list after <paramref name="id"/>'s place.</summary>
    private static BsonDocument? ListAfter(ILiteCollection<BsonDocument> lists, string group, long id)
    {
        var query = new Query { OrderBy = "$." + Schema.Id, Limit = 1 };
        query.Where.Add(Filter.Between(Schema.Id, Keys.Of(group, id + 1), Keys.Highest(group)));
        return lists.Find(query).FirstOrDefault(d => Keys.IsIn(d[Schema.Id].AsString, group));
    }

    public static List<long> Ids(BsonDocument list) => Decode(list[SE.Ids].AsBinary);

    /// <summary>The listed ids from <paramref name="lo"/> to <paramref name="hi"/>, newest first, with their actions where the list keeps them.</summary>
    public static IEnumerable<(long Id, string? Action)> Descending(ILiteCollection<BsonDocument> lists, string group, long lo, long hi)
    {
        // One seek per list: nothing stays open while the caller reads each event.
        var cursor = hi;
        while (cursor >= lo && ListAt(lists, group, cursor) is { } list)
        {
            var ids = Ids(list);
            var actions = Actions(list);
            for (var i = ids.Count - 1; i >= 0; i--)
            {
                if (ids[i] > cursor) continue;
                if (ids[i] < lo) yield break;
                yield return (ids[i], actions?[i]);
            }
            cursor = ids[0] - 1;
        }
    }

    /// <summary>
    /// How many listed ids from <paramref name="lo"/> to <paramref name="hi"/> are of one of the
    /// actions, from the lists alone; null when a list in the range was written before lists kept actions.
    /// </summary>
    public static long? CountOf(ILiteCollection<BsonDocument> lists, string group, long lo, long hi, IReadOnlySet<string> actions)
    {
        long n = 0;
        var cursor = hi;
        while (cursor >= lo && ListAt(lists, group, cursor) is { } list)
        {
            var ids = Ids(list);
            if (Actions(list) is not { } of) return null;
            for (var i = 0; i < ids.Count; i++)
                if (ids[i] >= lo && ids[i] <= cursor && actions.Contains(of[i])) n++;
            cursor = ids[0] - 1;
        }
        return n;
    }

    /// <summary>
    /// How many listed ids lie from <paramref name="lo"/> to <paramref name="hi"/>, and the first
    /// and last of them: each list knows the number of its first event, so this is two seeks.
    /// </summary>
    public static (long Count, long First, long Last) Span(ILiteCollection<BsonDocument> lists, string group, long lo, long hi)
    {
        if (lo > hi || ListAt(lists, group, hi) is not { } upper) return (0, 0, 0);
        var upperIds = Ids(upper);
        var i = upperIds.FindLastIndex(id => id <= hi);
        var (last, lastNumber) = (upperIds[i], upper[SE.First].AsInt64 + i);

        var lower = ListAt(lists, group, lo);
        var lowerIds = lower is null ? null : Ids(lower);
        var j = lowerIds?.FindIndex(id => id >= lo) ?? -1;
        if (j < 0)
        {
            // Nothing from lo on in the list that holds lo's place: the next list starts after it.
            lower = ListAfter(lists, group, lo);
            if (lower is null) return (0, 0, 0);
            lowerIds = Ids(lower);
            j = 0;
        }
        var (first, firstNumber) = (lowerIds![j], lower![SE.First].AsInt64 + j);
        return first > last ? (0, 0, 0) : (lastNumber - firstNumber + 1, first, last);
    }
}

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

    /// <summary>The last event listed under its subject; every event before it is listed too, or has no subject.</summary>
    public static long Fed(ILiteCollection<BsonDocument> meta) =>
        meta.FindById(SE.FedId) is { } d ? d[Schema.Meta.Value].AsInt64 : 0;

    /// <summary>
    /// The last event that may carry a subject key: while the events stored before subjects were
    /// kept are being counted (see <see cref="SubjectBackfill"/>), those after the count carry none yet.
    /// </summary>
    public static long KeyedThrough(ILiteCollection<BsonDocument> meta) =>
        meta.FindById(SubjectProgress.DocumentId) is { } d && SubjectProgress.FromBson(d) is { EventsDone: false } counting ? counting.EventsAfter : Keys.MaxId;

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

    /// <summary>The listed ids from <paramref name="lo"/> to <paramref name="hi"/>, newest first.</summary>
    public static IEnumerable<long> Descending(ILiteCollection<BsonDocument> lists, string group, long lo, long hi)
    {
        // One seek per list: nothing stays open while the caller reads each event.
        var cursor = hi;
        while (cursor >= lo && ListAt(lists, group, cursor) is { } list)
        {
            var ids = Ids(list);
            for (var i = ids.Count - 1; i >= 0; i--)
            {
                if (ids[i] > cursor) continue;
                if (ids[i] < lo) yield break;
                yield return ids[i];
            }
            cursor = ids[0] - 1;
        }
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

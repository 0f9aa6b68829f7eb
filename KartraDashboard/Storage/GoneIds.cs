using LiteDB;
using G = KartraDashboard.Storage.Schema.GoneIds;

namespace KartraDashboard.Storage;

/// <summary>
/// How many ids between two events name no event (see <see cref="Schema.GoneIds"/>): a list's
/// size is the difference of its ends' ids or ordinals less these. Erasures are rare, so these
/// are few, and each count is one short index range.
/// </summary>
internal static class GoneIds
{
    /// <summary>Ids from <paramref name="lo"/> to <paramref name="hi"/> that name no event.</summary>
    public static long Between(Database db, long lo, long hi)
    {
        if (lo > hi) return 0;
        var gone = db.Collection(G.Collection);
        long n = 0;
        // A range that starts below lo may reach into it.
        var before = new Query { OrderBy = "$." + Schema.Id, Order = Query.Descending, Limit = 1 };
        before.Where.Add(Filter.Lt(Schema.Id, lo));
        foreach (var d in gone.Find(before)) n += Overlap(lo, hi, lo, d[G.Last].AsInt64);
        foreach (var d in gone.Find(Filter.Between(Schema.Id, lo, hi))) n += Overlap(lo, hi, d[Schema.Id].AsInt64, d[G.Last].AsInt64);
        return n;
    }

    /// <summary>Erased events of one action between two ids.</summary>
    public static long OfAction(Database db, string action, long lo, long hi) => InGroup(db, G.ActionKey, action, lo, hi).LongCount();

    /// <summary>Erased events between two ids that one subject's lists hold (see <see cref="Schema.SubjectEvents"/>).</summary>
    public static long OfSubject(Database db, string group, long lo, long hi) => InGroup(db, G.SubjectKey, group, lo, hi).LongCount();

    /// <summary>Erased events of some actions between two ids that one subject's lists hold.</summary>
    public static long OfSubject(Database db, string group, long lo, long hi, IReadOnlySet<string> actions) =>
        InGroup(db, G.SubjectKey, group, lo, hi).LongCount(d => actions.Contains(Keys.GroupOf(d[G.ActionKey].AsString)));

    private static IEnumerable<BsonDocument> InGroup(Database db, string field, string group, long lo, long hi) =>
        lo > hi ? [] : db.Collection(G.Collection)
            .Find(Filter.Between(field, Keys.Of(group, lo), Keys.Of(group, hi)))
            .Where(d => Keys.IsIn(d[field].AsString, group));

    private static long Overlap(long lo, long hi, long first, long last) => Math.Max(0, Math.Min(hi, last) - Math.Max(lo, first) + 1);
}

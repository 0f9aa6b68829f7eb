using System.Globalization;
using KartraDashboard.Ingestion;
using LiteDB;
using D = KartraDashboard.Storage.Schema.SubjectDays;
using S = KartraDashboard.Storage.Schema.Subjects;

namespace KartraDashboard.Storage;

/// <summary>
/// Reads of the subject figures kept on write: a kind's subjects (one index range, and for a
/// date range the kind's days in it), and one subject with its days and parts. No event is read.
/// </summary>
public sealed class SubjectReads(Database db)
{
    private ILiteCollection<BsonDocument> SubjectDocuments => db.Collection(S.Collection);
    private ILiteCollection<BsonDocument> DayDocuments => db.Collection(D.Collection);

    public Page<SubjectItem> List(SubjectQuery q)
    {
        using var read = db.BeginRead();
        var docs = SubjectDocuments.Find(Filter.Eq(S.Kind, q.Kind)).Where(d => d[S.Kind].AsString == q.Kind).ToList();
        Dictionary<string, Dictionary<string, long>>? ranged = null;
        if (q.From is not null || q.To is not null)
        {
            ranged = new(StringComparer.Ordinal);
            var query = Filter.Between(D.KindDay, Keys.Dated(q.Kind, Date(q.From ?? DateOnly.MinValue)), Keys.Dated(q.Kind, Date(q.To ?? DateOnly.MaxValue)));
            foreach (var day in DayDocuments.Find(query).Where(d => Keys.IsIn(d[D.KindDay].AsString, q.Kind)))
            {
                var subject = day[D.Subject].AsString;
                if (!ranged.TryGetValue(subject, out var counts)) ranged[subject] = counts = new(StringComparer.Ordinal);
                SubjectCounts.Add(counts, SubjectCounts.FromBson(day[D.Counts]));
            }
        }
        var items = docs
            .Select(d => Item(q.Kind, d, ranged is null ? null : ranged.GetValueOrDefault(d[Schema.Id].AsString) ?? new(StringComparer.Ordinal)))
            .OrderByDescending(i => i.Total).ThenBy(i => i.Id, IdOrder.Instance)
            .ToList();
        return new Page<SubjectItem>(items.Count, items.Skip(Math.Max(0, q.Skip)).Take(Paging.Take(q.Take)).ToList());
    }

    public SubjectDetail? Detail(string kind, string id, DateOnly? from, DateOnly? to)
    {
        using var read = db.BeginRead();
        var group = SubjectGroup.Of(kind, id);
        var doc = SubjectDocuments.FindById(SubjectGroup.DocumentId(group));
        if (doc is null || doc[S.Kind].AsString != kind) return null;
        var ranged = from is not null || to is not null;
        var days = Days(group, from, to);
        var item = Item(kind, doc, ranged ? Sum(days) : null);
        List<SubjectPartItem>? parts = null;
        if (kind is SubjectKinds.Membership or SubjectKinds.Calendar)
        {
            parts = SubjectDocuments.Find(Filter.Eq(S.Parent, doc[Schema.Id])).ToList()
                .Select(p =>
                {
                    var part = Item(kind, p, ranged ? Sum(Days(SubjectGroup.Of(kind, id, p[S.Id].AsString), from, to)) : null);
                    return new SubjectPartItem(part.Id, part.Name, part.Counts, part.Current);
                })
                .OrderByDescending(p => p.Counts.Values.Sum()).ThenBy(p => p.Id, IdOrder.Instance)
                .ToList();
        }
        return new SubjectDetail(item, days, parts);
    }

    private List<SubjectDayCounts> Days(string group, DateOnly? from, DateOnly? to) =>
        DayDocuments.Find(Filter.Between(Schema.Id, Keys.Dated(group, Date(from ?? DateOnly.MinValue)), Keys.Dated(group, Date(to ?? DateOnly.MaxValue))))
            .Where(d => Keys.IsIn(d[Schema.Id].AsString, group))
            .Select(d => new SubjectDayCounts(Keys.ParseDay(d[D.Day].AsString), SubjectCounts.FromBson(d[D.Counts])))
            .OrderBy(d => d.Day)
            .ToList();

    private static Dictionary<string, long> Sum(IEnumerable<SubjectDayCounts> days)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var day in days) SubjectCounts.Add(counts, day.Counts);
        return counts;
    }

    private static SubjectItem Item(string kind, BsonDocument d, Dictionary<string, long>? counts)
    {
        var all = counts ?? SubjectCounts.FromBson(d[S.Counts]);
        // An action with none in the range is absent.
        foreach (var (action, n) in all.ToList()) if (n == 0) all.Remove(action);
        return new SubjectItem(kind, d[S.Id].AsString, Bson.Str(d[S.Name]), all,
            EventSubject.InState.ContainsKey(kind) ? d[S.Current].AsInt64 : null);
    }

    private static DateTime Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Ids as numbers where both are numbers (tag 5 before tag 50), else as text.</summary>
    private sealed class IdOrder : IComparer<string>
    {
        public static readonly IdOrder Instance = new();

        public int Compare(string? x, string? y) =>
            long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(x, y);
    }
}

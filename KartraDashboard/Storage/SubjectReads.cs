using System.Globalization;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using LiteDB;
using D = KartraDashboard.Storage.Schema.SubjectDays;
using S = KartraDashboard.Storage.Schema.Subjects;

namespace KartraDashboard.Storage;

/// <summary>
/// Reads of the subject figures kept on write: a kind's subjects (one index range, and for a
/// date range the kind's days in it), and one subject with its days and parts. The figures are
/// kept as the events are listed, soon after their commits: each read adds what the events stored
/// since change (<see cref="SubjectChanges"/>), a few thousand at most.
/// </summary>
public sealed class SubjectReads(Database db, ZoneSettings zones)
{
    private ILiteCollection<BsonDocument> SubjectDocuments => db.Collection(S.Collection);
    private ILiteCollection<BsonDocument> DayDocuments => db.Collection(D.Collection);

    public Page<SubjectItem> List(SubjectQuery q)
    {
        using var read = db.BeginRead();
        var ranged = q.From is not null || q.To is not null;
        var ((docs, days), since) = WithUnlisted(() =>
        {
            var docs = SubjectDocuments.Find(Filter.Eq(S.Kind, q.Kind)).Where(d => d[S.Kind].AsString == q.Kind).ToList();
            var days = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            if (!ranged) return (docs, days);
            var query = Filter.Between(D.KindDay, Keys.Dated(q.Kind, Date(q.From ?? DateOnly.MinValue)), Keys.Dated(q.Kind, Date(q.To ?? DateOnly.MaxValue)));
            foreach (var day in DayDocuments.Find(query).Where(d => Keys.IsIn(d[D.KindDay].AsString, q.Kind)))
            {
                var subject = day[D.Subject].AsString;
                if (!days.TryGetValue(subject, out var counts)) days[subject] = counts = new(StringComparer.Ordinal);
                SubjectCounts.Add(counts, SubjectCounts.FromBson(day[D.Counts]));
            }
            return (docs, days);
        });
        var byDocument = since.ToDictionary(c => SubjectGroup.DocumentId(c.Key), c => c.Value, StringComparer.Ordinal);
        var items = docs
            .Select(d =>
            {
                var change = byDocument.GetValueOrDefault(d[Schema.Id].AsString);
                if (!ranged) return Item(q.Kind, d, null, change);
                var counts = days.GetValueOrDefault(d[Schema.Id].AsString) ?? new(StringComparer.Ordinal);
                if (change is not null)
                    foreach (var (_, inRange) in InRange(change.Days, q.From, q.To)) SubjectCounts.Add(counts, inRange);
                return Item(q.Kind, d, counts, change);
            })
            .OrderByDescending(i => i.Total).ThenBy(i => i.Id, IdOrder.Instance)
            .ToList();
        return new Page<SubjectItem>(items.Count, items.Skip(Math.Max(0, q.Skip)).Take(Paging.Take(q.Take)).ToList());
    }

    public SubjectDetail? Detail(string kind, string id, DateOnly? from, DateOnly? to)
    {
        using var read = db.BeginRead();
        var group = SubjectGroup.Of(kind, id);
        var ranged = from is not null || to is not null;
        var ((doc, parts), since) = WithUnlisted(() =>
        {
            var doc = SubjectDocuments.FindById(SubjectGroup.DocumentId(group));
            var parts = doc is not null && kind is SubjectKinds.Membership or SubjectKinds.Calendar
                ? SubjectDocuments.Find(Filter.Eq(S.Parent, doc[Schema.Id])).ToList()
                : null;
            return (doc, parts);
        });
        if (doc is null || doc[S.Kind].AsString != kind) return null;
        var change = since.GetValueOrDefault(group);
        var days = Days(group, from, to, change);
        var item = Item(kind, doc, ranged ? Sum(days.Select(d => d.Counts)) : null, change);
        var partItems = parts?
            .Select(p =>
            {
                var partGroup = SubjectGroup.Of(kind, id, p[S.Id].AsString);
                var partChange = since.GetValueOrDefault(partGroup);
                var part = Item(kind, p, ranged ? Sum(Days(partGroup, from, to, partChange).Select(d => d.Counts)) : null, partChange);
                return new SubjectPartItem(part.Id, part.Name, part.Counts, part.Current);
            })
            .OrderByDescending(p => p.Counts.Values.Sum()).ThenBy(p => p.Id, IdOrder.Instance)
            .ToList();
        return new SubjectDetail(item, days, partItems);
    }

    /// <summary>The number of leads in a subject now.</summary>
    public long Current(string kind, string id)
    {
        var group = SubjectGroup.Of(kind, id);
        var (doc, since) = WithUnlisted(() => SubjectDocuments.FindById(SubjectGroup.DocumentId(group)));
        return (doc is null ? 0 : doc[S.Current].AsInt64) + (since.GetValueOrDefault(group)?.Current ?? 0);
    }

    /// <summary>
    /// Reads kept figures, and what the events stored after the lists' cursor change: read again
    /// if the writer listed more events meanwhile, so no event is counted twice or missed.
    /// </summary>
    private (T Kept, Dictionary<string, SubjectChange> Since) WithUnlisted<T>(Func<T> readKept)
    {
        var meta = db.Collection(Schema.Meta.Collection);
        while (true)
        {
            var fed = SubjectEventLists.Fed(meta);
            var kept = readKept();
            var query = Filter.Between(Schema.Id, Math.Max(fed + 1, SubjectEventLists.FiguresFrom(meta)), SubjectEventLists.KeyedThrough(meta));
            var since = SubjectChanges.Of(db.Collection(Schema.Events.Collection).Find(query), zones.Dashboard);
            if (SubjectEventLists.Fed(meta) == fed) return (kept, since);
        }
    }

    private List<SubjectDayCounts> Days(string group, DateOnly? from, DateOnly? to, SubjectChange? change)
    {
        var days = DayDocuments.Find(Filter.Between(Schema.Id, Keys.Dated(group, Date(from ?? DateOnly.MinValue)), Keys.Dated(group, Date(to ?? DateOnly.MaxValue))))
            .Where(d => Keys.IsIn(d[Schema.Id].AsString, group))
            .ToDictionary(d => Keys.ParseDay(d[D.Day].AsString), d => SubjectCounts.FromBson(d[D.Counts]));
        if (change is not null)
            foreach (var (day, counts) in InRange(change.Days, from, to))
                SubjectCounts.Add(days.TryGetValue(day, out var kept) ? kept : days[day] = new(StringComparer.Ordinal), counts);
        return days.OrderBy(d => d.Key).Select(d => new SubjectDayCounts(d.Key, d.Value)).ToList();
    }

    private static IEnumerable<KeyValuePair<DateOnly, Dictionary<string, long>>> InRange(Dictionary<DateOnly, Dictionary<string, long>> days, DateOnly? from, DateOnly? to) =>
        days.Where(d => (from is null || d.Key >= from) && (to is null || d.Key <= to));

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> days)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var day in days) SubjectCounts.Add(counts, day);
        return counts;
    }

    /// <param name="counts">The counts in a date range, else null: those of all time, with what <paramref name="change"/> adds.</param>
    private static SubjectItem Item(string kind, BsonDocument d, Dictionary<string, long>? counts, SubjectChange? change)
    {
        var all = counts;
        if (all is null)
        {
            all = SubjectCounts.FromBson(d[S.Counts]);
            if (change is not null) SubjectCounts.Add(all, change.Counts);
        }
        // An action with none in the range is absent.
        foreach (var (action, n) in all.ToList()) if (n == 0) all.Remove(action);
        return new SubjectItem(kind, d[S.Id].AsString, Bson.Str(d[S.Name]), all,
            EventSubject.InState.ContainsKey(kind) ? d[S.Current].AsInt64 + (change?.Current ?? 0) : null);
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

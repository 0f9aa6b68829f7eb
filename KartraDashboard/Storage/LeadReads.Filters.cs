using LiteDB;
using A = KartraDashboard.Storage.Schema.LeadAttributes;
using L = KartraDashboard.Storage.Schema.Leads;

namespace KartraDashboard.Storage;

/// <summary>
/// The lead list with subject, attribute and total filters and a sort. A subject filter alone,
/// by latest activity, reads as <see cref="LeadOrder"/> chooses; any other subject filter reads
/// the subject's list of leads (one range, see <see cref="Schema.Segments"/>). Without one, the
/// sorts by latest activity, spend and score read their own index, and country, source and custom
/// fields are checked along it. Where the read is not in the order asked for (a subject's leads, a search,
/// the sorts by date joined and name) the matches are ordered in memory, from their ids and sort
/// values alone.
/// </summary>
public sealed partial class LeadReads
{
    private Page<LeadItem> Filtered(LeadQuery q, int skip, int take)
    {
        var f = q.Filters;
        var leads = LeadDocuments;
        IEnumerable<BsonDocument> source;
        var ordered = false;
        long? knownTotal = null;
        string? search = string.IsNullOrWhiteSpace(q.Search) ? null : q.Search.Trim();
        if (f.Subjects.Count > 0)
        {
            var (kind, id) = f.Subjects[0];
            var group = SubjectGroup.Of(kind, id);
            if (f.Subjects.Count == 1 && f.Country is null && f.Source is null && f.Fields.Count == 0 && f.MinSpent is null && search is null && q.Gdpr is null)
                knownTotal = subjects.Current(kind, id);
            // By latest activity, a large subject is read along that index (Matches keeps its leads);
            // any other read takes the subject's leads and orders them in memory.
            ordered = f.Sort == LeadSorts.LastSeen && knownTotal is { } members && LeadOrder.AlongLatest(members, writer.Totals.Leads, skip, take);
            source = ordered ? Sorted(L.Last, f.Descending, 0, int.MaxValue) : Segment(group);
        }
        else if (search is not null) source = LeadLookup.Matching(db, search);
        // Date joined and name have no index (each would cost every new lead an insert): their sorts read every lead's value.
        else if (f.Sort is LeadSorts.Joined or LeadSorts.Name) source = leads.FindAll();
        else
        {
            // By latest activity, spend or score: one index in order; country, source and custom fields are checked along it.
            ordered = true;
            if (q.Gdpr is null && f.MinSpent is null && f.Country is null && f.Source is null && f.Fields.Count == 0) knownTotal = writer.Totals.Leads;
            source = Sorted(SortField(f.Sort), f.Descending, knownTotal is null ? 0 : skip, knownTotal is null ? int.MaxValue : take);
            if (knownTotal is { } all) return new Page<LeadItem>(all, source.Select(EventDocs.ToLead).ToList());
        }

        var lowered = search?.ToLowerInvariant();
        var matches = source.Where(d => Matches(d, q, search, lowered));
        if (ordered && knownTotal is { } total)
            return new Page<LeadItem>(total, matches.Skip(skip).Take(take).Select(EventDocs.ToLead).ToList());
        if (ordered)
        {
            // One pass: every match is counted, the page's kept.
            var page = new List<LeadItem>(take);
            long count = 0;
            foreach (var d in matches)
                if (count++ >= skip && page.Count < take) page.Add(EventDocs.ToLead(d));
            return new Page<LeadItem>(count, page);
        }
        return OrderedInMemory(matches, SortField(f.Sort), f.Descending, skip, take);
    }

    /// <summary>A page of leads ordered in memory: only their ids and sort values are kept, then the page's leads are read.</summary>
    private Page<LeadItem> OrderedInMemory(IEnumerable<BsonDocument> matches, string field, bool descending, int skip, int take)
    {
        var keys = matches.Select(d => (Id: d[Schema.Id].AsString, Value: d[field])).ToList();
        var sorted = descending
            ? keys.OrderBy(k => k.Value.IsNull).ThenByDescending(k => k.Value)
            : keys.OrderBy(k => k.Value.IsNull).ThenBy(k => k.Value);
        var items = sorted.Skip(skip).Take(take).Select(k => EventDocs.ToLead(LeadDocuments.FindById(k.Id))).ToList();
        return new Page<LeadItem>(keys.Count, items);
    }

    private static string SortField(string sort) => sort switch
    {
        LeadSorts.Spent => L.Spent,
        LeadSorts.Score => L.Score,
        LeadSorts.Joined => A.Joined,
        LeadSorts.Name => A.NameKey,
        _ => L.Last,
    };

    /// <summary>
    /// The leads listed under a subject, and those that joined it at events not listed yet, in no
    /// useful order; some may have left it since (<see cref="Matches"/> checks each lead's standing).
    /// </summary>
    private IEnumerable<BsonDocument> Segment(string group)
    {
        var meta = db.Collection(Schema.Meta.Collection);
        var (low, high) = Keys.PairRange(group);
        var joined = SubjectEventLists.Unlisted(db.Collection(Schema.Events.Collection), group, SubjectEventLists.Fed(meta) + 1, SubjectEventLists.KeyedThrough(meta))
            .Where(e => e[Schema.EventSubjects.Joined].IsBoolean && e[Schema.EventSubjects.Joined].AsBoolean)
            .Select(EventDocs.Lead).OfType<string>();
        var leads = LeadDocuments;
        return db.Collection(Schema.Segments.Collection).Find(Filter.Between(Schema.Id, low, high))
            .Select(s => s[Schema.Segments.Lead].AsString)
            .Concat(joined)
            .Distinct(StringComparer.Ordinal)
            .Select(id => leads.FindById(id))
            .OfType<BsonDocument>();
    }

    /// <summary>Every lead in the order of one index; leads without the value come last either way.</summary>
    private IEnumerable<BsonDocument> Sorted(string field, bool descending, int skip, int take)
    {
        var leads = LeadDocuments;
        if (descending)
            return leads.Find(new Query { OrderBy = "$." + field, Order = Query.Descending, Offset = skip, Limit = take });
        var withValue = new Query { OrderBy = "$." + field, Order = Query.Ascending };
        withValue.Where.Add(Filter.Gt(field, BsonValue.Null));
        var without = new Query { OrderBy = "$." + field };
        without.Where.Add(Filter.Eq(field, BsonValue.Null));
        return leads.Find(withValue).Concat(leads.Find(without)).Skip(skip).Take(take);
    }

    private static bool Matches(BsonDocument d, LeadQuery q, string? search, string? lowered)
    {
        var f = q.Filters;
        if (q.Gdpr is { } gdpr && Bson.Int(d[L.Gdpr]) != gdpr) return false;
        if (search is not null && !LeadLookup.Names(d, search, lowered!)) return false;
        foreach (var (kind, id) in f.Subjects)
            if (!LeadState.HeldGroups(d, kind).Contains(SubjectGroup.Of(kind, id), StringComparer.Ordinal)) return false;
        if (f.Country is { } country && !Same(d[A.Country], country)) return false;
        if (f.Source is { } source && !Same(d[A.Source], source)) return false;
        foreach (var (identifier, value) in f.Fields)
        {
            var key = LeadAttributeDocs.FieldKey(identifier, value);
            if (!d[A.Fields].IsArray || !d[A.Fields].AsArray.Any(k => string.Equals(k.AsString, key, StringComparison.OrdinalIgnoreCase))) return false;
        }
        if (f.MinSpent is { } min && d[L.Spent].AsDecimal < min) return false;
        return true;
    }

    private static bool Same(BsonValue stored, string wanted) => string.Equals(Bson.Str(stored), Keys.Cut(wanted), StringComparison.OrdinalIgnoreCase);
}

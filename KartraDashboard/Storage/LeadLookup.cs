using LiteDB;
using L = KartraDashboard.Storage.Schema.Leads;

namespace KartraDashboard.Storage;

/// <summary>Finding leads by what a filter names: an exact id, or a part of an email or name. Shared by the readers.</summary>
internal static class LeadLookup
{
    /// <summary>Leads that a partial name or email match may fan out to when listing their events or transactions.</summary>
    public const int MaxMatchedLeads = 200;

    /// <summary>
    /// Lead ids a lead filter names: a stored lead id alone (one seek), else the leads whose email
    /// or name contains the text, at most <see cref="MaxMatchedLeads"/> of them.
    /// </summary>
    public static IReadOnlyList<string> Named(Database db, string text)
    {
        text = text.Trim();
        if (Exact(db, text) is { } exact) return [exact[Schema.Id].AsString];
        // The first matches found end the pass over the keys: none is counted.
        var lowered = text.ToLowerInvariant();
        var keys = KeysHolding(db, lowered).Take(MaxMatchedLeads).ToList();
        return new Search(text, lowered, null, keys).Leads(db).Select(d => d[Schema.Id].AsString).Take(MaxMatchedLeads).ToList();
    }

    /// <summary>The lead with exactly this id: the collation of the _id index ignores case, so the id is compared again.</summary>
    public static BsonDocument? Exact(Database db, string leadId) =>
        db.Collection(L.Collection).FindById(leadId) is { } doc && doc[Schema.Id].AsString == leadId ? doc : null;

    /// <summary>A lead with exactly this id, then the leads whose email or name contains the text.</summary>
    public static IEnumerable<BsonDocument> Matching(Database db, string text) => Search.For(db, text).Leads(db);

    /// <summary>Whether a search names the lead: its id exactly, or a part of its email or name (<paramref name="lowered"/> is the text in lower case).</summary>
    public static bool Names(BsonDocument lead, string text, string lowered) => lead[Schema.Id].AsString == text || HasText(lead, lowered);

    /// <summary>Whether the lead's email or name holds this lower-case text.</summary>
    public static bool HasText(BsonDocument lead, string lowered) => Bson.Str(lead[L.Search]) is { } key && Holds(key, lowered);

    private static bool Holds(string key, string lowered) => Keys.PlacedText(key).Contains(lowered, StringComparison.Ordinal);

    /// <summary>
    /// The search keys that hold the text, in one pass over the search index's keys alone: no lead
    /// is read. LiteDB's own LIKE over the same index compares every key through the collation,
    /// several times slower, and reads each matching lead whole.
    /// </summary>
    private static IEnumerable<string> KeysHolding(Database db, string lowered)
    {
        // Selecting the indexed field alone is what lets LiteDB answer from the index nodes.
        var allKeys = new Query { OrderBy = "$." + L.Search, Select = "$." + L.Search };
        foreach (var d in db.Collection(L.Collection).Find(allKeys))
            if (Bson.Str(d[L.Search]) is { } key && Holds(key, lowered)) yield return key;
    }

    /// <summary>What a free-text search matches, found without reading a lead: a lead with exactly this id, and every search key that holds the text.</summary>
    public sealed record Search(string Text, string Lowered, BsonDocument? Exact, IReadOnlyList<string> SearchKeys)
    {
        /// <summary>How many leads match: the keys, and the exact id where its own text does not hold the search.</summary>
        public int Count => SearchKeys.Count + (Exact is { } e && !HasText(e, Lowered) ? 1 : 0);

        public static Search For(Database db, string text)
        {
            text = text.Trim();
            var lowered = text.ToLowerInvariant();
            return new Search(text, lowered, LeadLookup.Exact(db, text), KeysHolding(db, lowered).ToList());
        }

        /// <summary>Whether a lead read by other means is one of the matches.</summary>
        public bool Has(BsonDocument lead) => Names(lead, Text, Lowered);

        /// <summary>The matching leads: the exact id first, then the others by their keys (two leads may share one).</summary>
        public IEnumerable<BsonDocument> Leads(Database db)
        {
            if (Exact is not null) yield return Exact;
            if (SearchKeys.Count == 0) yield break;
            var keys = new BsonArray(SearchKeys.Distinct().Select(k => new BsonValue(k)));
            foreach (var d in db.Collection(L.Collection).Find(Filter.In(L.Search, keys)))
                // The index compares keys through the collation, which ignores case and control characters: the text is checked again.
                if (d[Schema.Id].AsString != Text && HasText(d, Lowered)) yield return d;
        }
    }
}

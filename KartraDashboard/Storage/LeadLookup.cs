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
    public static IReadOnlyList<string> Named(Database db, string text) =>
        Exact(db, text.Trim()) is { } exact ? [exact[Schema.Id].AsString] : Matching(db, text).Take(MaxMatchedLeads).Select(d => d[Schema.Id].AsString).ToList();

    /// <summary>The lead with exactly this id: the collation of the _id index ignores case, so the id is compared again.</summary>
    public static BsonDocument? Exact(Database db, string leadId) =>
        db.Collection(L.Collection).FindById(leadId) is { } doc && doc[Schema.Id].AsString == leadId ? doc : null;

    /// <summary>A lead with exactly this id, then the leads whose email or name contains the text.</summary>
    public static IEnumerable<BsonDocument> Matching(Database db, string text)
    {
        text = text.Trim();
        if (Exact(db, text) is { } exact) yield return exact;
        var lowered = text.ToLowerInvariant();
        // The index finds the keys holding the text anywhere, its placing too: the text is checked again.
        foreach (var d in db.Collection(L.Collection).Find(Query.Contains(L.Search, lowered)))
            if (d[Schema.Id].AsString != text && HasText(d, lowered)) yield return d;
    }

    /// <summary>Whether the lead's email or name holds this lower-case text.</summary>
    public static bool HasText(BsonDocument lead, string lowered) =>
        Bson.Str(lead[L.Search]) is { } key && Keys.PlacedText(key).Contains(lowered, StringComparison.Ordinal);
}

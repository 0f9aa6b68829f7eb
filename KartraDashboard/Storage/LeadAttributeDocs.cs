using KartraDashboard.Ingestion;
using LiteDB;
using A = KartraDashboard.Storage.Schema.LeadAttributes;

namespace KartraDashboard.Storage;

/// <summary>Writes a lead's attributes into its document and reads them back.</summary>
internal static class LeadAttributeDocs
{
    /// <summary>The custom field key a filter looks for: identifier and value, cut to a key's length.</summary>
    public static string FieldKey(string identifier, string value) => Keys.Cut(identifier + "=" + value);

    public static void Write(BsonDocument doc, KartraLead lead)
    {
        var a = lead.Attributes;
        Set(doc, A.Country, a.Country is { } c ? Keys.Cut(c) : null);
        Set(doc, A.Source, a.Source is { } s ? Keys.Cut(s) : null);
        Set(doc, A.Joined, a.DateJoined is { } j ? new BsonValue(j.UtcDateTime) : null);
        Set(doc, A.NameKey, lead.Name is { } n ? Keys.Cut(n) : null);
        Set(doc, A.Phone, a.Phone);
        Set(doc, A.Company, a.Company);
        Set(doc, A.Blacklisted, a.Blacklisted ? true : null);
        var fields = lead.CustomFields
            .Where(f => f.Identifier is not null)
            .SelectMany(f => f.Values.Select(v => FieldKey(f.Identifier!, v)))
            .Distinct(StringComparer.Ordinal)
            .Select(k => new BsonValue(k)).ToList();
        Set(doc, A.Fields, fields.Count > 0 ? new BsonArray(fields) : null);
    }

    private static void Set(BsonDocument doc, string field, BsonValue? value)
    {
        if (value is null || value.IsNull) doc.Remove(field);
        else doc[field] = value;
    }

    public static LeadItem With(LeadItem item, BsonDocument d) => item with
    {
        Country = Bson.Str(d[A.Country]),
        Source = Bson.Str(d[A.Source]),
        DateJoined = d[A.Joined].IsDateTime ? Bson.Utc(d[A.Joined]) : null,
        Blacklisted = Bson.Flag(d[A.Blacklisted]),
        LeadDeleted = Bson.Flag(d[Schema.Ownership.LeadDeleted]),
    };
}

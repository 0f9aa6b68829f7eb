using LiteDB;
using CD = KartraDashboard.Storage.Schema.CustomerDays;

namespace KartraDashboard.Storage;

/// <summary>Distinct leads with a sale: over all time a kept count, over a range the day-and-lead keys of its days.</summary>
internal static class CustomerCount
{
    public static long AllTime(Database db) =>
        db.Collection(Schema.Meta.Collection).FindById(Schema.Customers.CountId) is { } doc ? doc[Schema.Meta.Count].AsInt64 : 0;

    /// <summary>Leads with a sale on the days a range touches (a day cut in the dashboard's zone counts whole).</summary>
    public static long Between(Database db, TimeZoneInfo zone, DateTimeOffset? from, DateTimeOffset? to)
    {
        // Day keys sort as dates; the next day's key bounds every key of the last day. One range on
        // the id: two conditions would read one from the index and test the other on every document
        // to the end of the collection.
        BsonValue lo = from is { } f ? Keys.Day(Days.Of(f, zone)) : BsonValue.MinValue;
        BsonValue hi = to is { } t ? Keys.Day(Days.Of(t, zone).AddDays(1)) : BsonValue.MaxValue;
        var leads = new HashSet<string>(StringComparer.Ordinal);
        // The id alone is selected, so LiteDB answers from the index without loading a document.
        var query = new Query { Select = "$." + Schema.Id };
        query.Where.Add(Filter.Between(Schema.Id, lo, hi));
        foreach (var doc in db.Collection(CD.Collection).Find(query))
        {
            var key = doc[Schema.Id].AsString;
            leads.Add(key[(key.IndexOf(CD.Separator) + 1)..]);
        }
        return leads.Count;
    }
}

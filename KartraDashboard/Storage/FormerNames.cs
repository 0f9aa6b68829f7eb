using LiteDB;
using FN = KartraDashboard.Storage.Schema.FormerName;

namespace KartraDashboard.Storage;

/// <summary>
/// The names a lead (email and name) or a subject had before its latest, each with the first event
/// that no longer showed them. An event's document leaves out the names its lead and subject had
/// when it was stored: it shows those of the first entry it comes before, else the current ones.
/// Names change rarely; the latest <see cref="Max"/> changes are kept, so a lead renamed more often
/// shows the oldest kept names on its oldest events.
/// </summary>
internal static class FormerNames
{
    public const int Max = 50;

    /// <summary>The list with the names shown up to (not including) event <paramref name="until"/> added.</summary>
    public static BsonArray Add(BsonValue former, long until, string? email, string? name)
    {
        var list = former.IsArray ? former.AsArray : [];
        var entry = new BsonDocument { [FN.Until] = until };
        if (email is not null) entry[FN.Email] = email;
        if (name is not null) entry[FN.Name] = name;
        list.Add(entry);
        while (list.Count > Max) list.RemoveAt(0);
        return list;
    }

    /// <summary>The names an event showed, where they were not the current ones: the first entry it comes before.</summary>
    public static (string? Email, string? Name)? Before(BsonValue former, long eventId)
    {
        if (!former.IsArray) return null;
        foreach (var entry in former.AsArray)
            if (eventId < entry[FN.Until].AsInt64) return (Bson.Str(entry[FN.Email]), Bson.Str(entry[FN.Name]));
        return null;
    }
}

using KartraDashboard.Ingestion;
using LiteDB;
using ES = KartraDashboard.Storage.Schema.EventSubjects;

namespace KartraDashboard.Storage;

/// <summary>Reads an event's subject back from its document.</summary>
internal static class SubjectDocs
{
    /// <summary>
    /// The event's subject: its kind and id as written, else from its key (see <see cref="Schema.EventSubjects.Key"/>);
    /// its name as written, else the one the subject had when the event was stored, from <paramref name="names"/> when given.
    /// </summary>
    public static EventSubject? Read(BsonDocument d, EventNames? names = null)
    {
        var key = d[ES.Key].IsString ? Keys.GroupOf(d[ES.Key].AsString) : null;
        var (kind, id) = d[ES.Kind].IsString && d[ES.Id].IsString ? (d[ES.Kind].AsString, d[ES.Id].AsString)
            : key is not null ? SubjectGroup.Split(key)
            : (null!, null!);
        if (kind is null) return null;
        // A document that holds its kind holds its name too (absent: none); one that does not leaves it to the subject.
        var name = d.TryGetValue(ES.Name, out var own) || d.ContainsKey(ES.Kind) || key is null ? Bson.Str(own ?? BsonValue.Null) : names?.Subject(key, d[Schema.Id].AsInt64);
        return new EventSubject(kind, id, name)
        {
            Part = d[ES.PartId].IsString ? new SubjectPart(d[ES.PartId].AsString, Bson.Str(d[ES.PartName])) : null,
        };
    }
}

using KartraDashboard.Ingestion;
using LiteDB;
using ES = KartraDashboard.Storage.Schema.EventSubjects;

namespace KartraDashboard.Storage;

/// <summary>Reads an event's subject back from its document.</summary>
internal static class SubjectDocs
{
    /// <summary>The event's subject: its kind and id as written, else from its key (see <see cref="Schema.EventSubjects.Key"/>).</summary>
    public static EventSubject? Read(BsonDocument d)
    {
        var (kind, id) = d[ES.Kind].IsString && d[ES.Id].IsString ? (d[ES.Kind].AsString, d[ES.Id].AsString)
            : d[ES.Key].IsString ? SubjectGroup.Split(Keys.GroupOf(d[ES.Key].AsString))
            : (null!, null!);
        if (kind is null) return null;
        return new EventSubject(kind, id, Bson.Str(d[ES.Name]))
        {
            Part = d[ES.PartId].IsString ? new SubjectPart(d[ES.PartId].AsString, Bson.Str(d[ES.PartName])) : null,
        };
    }
}

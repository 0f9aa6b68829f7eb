using KartraDashboard.Ingestion;
using LiteDB;
using ES = KartraDashboard.Storage.Schema.EventSubjects;

namespace KartraDashboard.Storage;

/// <summary>Reads an event's subject back from its document.</summary>
internal static class SubjectDocs
{
    public static EventSubject? Read(BsonDocument d)
    {
        if (!d[ES.Kind].IsString || !d[ES.Id].IsString) return null;
        return new EventSubject(d[ES.Kind].AsString, d[ES.Id].AsString, Bson.Str(d[ES.Name]))
        {
            Part = d[ES.PartId].IsString ? new SubjectPart(d[ES.PartId].AsString, Bson.Str(d[ES.PartName])) : null,
        };
    }
}

using System.Text.Json;
using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>How a transaction's own fields are stored: JSON compressed like the bodies, read back by name.</summary>
internal static class TransactionFieldsPacking
{
    public static byte[] Pack(IReadOnlyDictionary<string, string?> fields) => RawBody.Compress(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(fields));

    /// <summary>The fields in the order Kartra sent them; files written before kept them as a document.</summary>
    public static IReadOnlyDictionary<string, string?> Unpack(BsonValue stored)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (stored.IsDocument)
        {
            foreach (var (k, v) in stored.AsDocument) fields[k] = Bson.Str(v);
            return fields;
        }
        using var json = JsonDocument.Parse(RawBody.Decompress(stored.AsBinary));
        foreach (var field in json.RootElement.EnumerateObject())
            fields[field.Name] = field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetString();
        return fields;
    }
}

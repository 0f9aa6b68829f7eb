using System.Text.Json.Nodes;
using KartraDashboard.Ingestion;
using LiteDB;
using A = KartraDashboard.Storage.Schema.LeadAttributes;
using L = KartraDashboard.Storage.Schema.Leads;

namespace KartraDashboard.Storage;

/// <summary>A lead as the leads export writes it.</summary>
public sealed record LeadRow(
    LeadItem Item,
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Company,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Lists);

/// <summary>Where the next chunk of an export of leads starts: how many were handed out.</summary>
public sealed record LeadCursor(int Offset);

public sealed partial class LeadReads
{
    /// <summary>One chunk of the leads a query matches, in its order, read whole (see <see cref="Chunks"/>).</summary>
    public Chunk<LeadRow, LeadCursor> ReadChunk(LeadQuery q, LeadCursor? after, int size)
    {
        var offset = after?.Offset ?? 0;
        var page = List(q with { Skip = offset, Take = size });
        using var read = db.BeginRead();
        var rows = new List<LeadRow>(page.Items.Count);
        foreach (var item in page.Items)
        {
            if (LeadLookup.Exact(db, item.LeadId) is not { } doc) continue;
            var snapshot = doc[L.Snapshot].IsBinary ? JsonNode.Parse(RawBody.Decompress(doc[L.Snapshot].AsBinary)) as JsonObject : null;
            rows.Add(new LeadRow(item,
                Lenient.Text(snapshot?["first_name"]),
                Lenient.Text(snapshot?["last_name"]),
                Bson.Str(doc[A.Phone]),
                Bson.Str(doc[A.Company]),
                LeadState.ReadTags(doc).Select(t => t.Name ?? t.Id ?? "").ToList(),
                LeadState.Read(doc, LeadState.Lists).Where(l => l.State == Standings.Subscribed).Select(l => l.Name ?? l.Id ?? "").ToList()));
        }
        return new Chunk<LeadRow, LeadCursor>(rows, page.Items.Count < size ? null : new LeadCursor(offset + page.Items.Count));
    }
}

using KartraDashboard.Storage;

namespace KartraDashboard.Ingestion;

/// <summary>Runs a quarantined body through the parser again; the API and the Quarantine page share it.</summary>
public sealed class QuarantineReprocessor(QuarantineReads quarantine, PingParser parser, StoreWriter writer, ILogger<QuarantineReprocessor> log)
{
    public async Task<ReprocessOutcome> ReprocessAsync(long id)
    {
        if (quarantine.Raw(id) is not var (body, _)) return ReprocessOutcome.NotFound(id);
        // Parsed here, so the writer's thread only stores.
        var parsed = parser.Parse(body);
        try
        {
            return await writer.ReprocessAsync(id, body, parsed);
        }
        catch (StoreClosedException e)
        {
            return ReprocessOutcome.Unavailable(e.Message);
        }
        catch (Exception e)
        {
            log.LogError(e, "Re-processing quarantined body {Id} failed", id);
            return ReprocessOutcome.Unavailable("The event could not be stored; try again shortly.");
        }
    }
}

using KartraDashboard.Storage;

namespace KartraDashboard.Ownership;

/// <summary>Erasure as the API and the pages ask for it: one lead, or every lead Kartra deleted.</summary>
public sealed class Erasure(StoreWriter writer, TimeProvider clock, ILogger<Erasure> log)
{
    /// <summary>How many leads one writer job erases: each batch is one transaction and one checkpoint.</summary>
    public const int DeletedBatch = 50;

    public async Task<LeadErasure?> EraseAsync(string leadId)
    {
        var erased = await writer.EraseLeadAsync(leadId, clock.GetUtcNow());
        if (erased is not null)
            log.LogInformation("Erased lead {LeadId}: {Events} events, {Transactions} transactions, {Quarantined} quarantined bodies",
                erased.LeadId, erased.Events, erased.Transactions, erased.Quarantined);
        return erased;
    }

    /// <summary>Erases every lead whose latest ping says Kartra deleted it, a batch at a time; answers how many.</summary>
    public async Task<int> EraseDeletedAsync(CancellationToken cancellation = default)
    {
        var total = 0;
        List<LeadErasure> batch;
        do
        {
            cancellation.ThrowIfCancellationRequested();
            batch = await writer.EraseDeletedLeadsAsync(DeletedBatch, clock.GetUtcNow());
            total += batch.Count;
        } while (batch.Count > 0);
        if (total > 0) log.LogInformation("Erased {Count} leads deleted in Kartra", total);
        return total;
    }
}

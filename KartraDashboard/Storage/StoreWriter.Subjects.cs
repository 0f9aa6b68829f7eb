using KartraDashboard.Ingestion;

namespace KartraDashboard.Storage;

public sealed partial class StoreWriter
{
    /// <summary>Where counting the subjects of data stored before they were kept stands.</summary>
    internal Task<SubjectProgress> SubjectProgressAsync() => Submit(l => l.SubjectBackfillProgress());

    /// <summary>Counts the subjects of stored events read up to <paramref name="readUpTo"/>; answers whether every event is counted.</summary>
    internal Task<bool> CountStoredSubjectsAsync(IReadOnlyList<(long Id, EventSubject? Subject)> chunk, long readUpTo) =>
        Submit(l => l.CountStoredSubjects(chunk, readUpTo));

    /// <summary>Counts the subjects one batch of stored leads is in; answers how many it read, 0 once all are counted.</summary>
    internal Task<int> CountStoredLeadsAsync(int batch, PingParser parser) => Submit(l => l.CountStoredLeads(batch, parser));
}

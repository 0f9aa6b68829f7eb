using KartraDashboard.Ingestion;

namespace KartraDashboard.Storage;

public sealed partial class StoreWriter
{
    /// <summary>After a feed fails, the next waits this long.</summary>
    private static readonly TimeSpan SubjectFeedRetry = TimeSpan.FromSeconds(5);
    private long _subjectFeedAfter;
    // A file of before lists all its events once, a batch between pings: said in the log as it starts and ends.
    private bool _listingStored;

    /// <summary>How many event ids, at most, wait to be listed under their subjects, as of the last commit.</summary>
    internal long SubjectEventsOwed { get; private set; }

    /// <summary>
    /// Whether the subjects' lists are owed a feed now: a full batch waits, or some events do and
    /// no write arrived for <see cref="StorageOptions.SubjectFeedIdle"/>. Waits on <paramref name="work"/> for that.
    /// </summary>
    private bool SubjectFeedDue(Task<bool> work)
    {
        if (Environment.TickCount64 < _subjectFeedAfter) return false;
        long owed;
        try
        {
            // After a rollback this reads the cursor again, outside any commit: a failure must not end the writer.
            owed = _ledger.SubjectEventsOwed;
        }
        catch (Exception e)
        {
            FeedFailed(e);
            return false;
        }
        return owed >= Ledger.SubjectFeedBatch || (owed > 0 && !work.Wait(_subjectFeedIdle));
    }

    /// <summary>One batch of events listed under their subjects, in a commit of its own, so a failure here never fails a ping.</summary>
    private void FeedSubjectEvents()
    {
        var job = new Job<bool>(l =>
        {
            l.FeedSubjectEvents(Ledger.SubjectFeedBatch);
            return true;
        });
        try
        {
            if (!_listingStored && _ledger.SubjectEventsOwed >= 10 * Ledger.SubjectFeedBatch)
            {
                _listingStored = true;
                _log.LogInformation("Listing {Count} stored events under their subjects, {Batch} at a time between pings", _ledger.SubjectEventsOwed, Ledger.SubjectFeedBatch);
            }
            Commit([job]);
            if (_listingStored && SubjectEventsOwed == 0)
            {
                _listingStored = false;
                _log.LogInformation("Stored events listed under their subjects");
            }
        }
        catch (Exception e)
        {
            FeedFailed(e);
        }
    }

    private void FeedFailed(Exception e)
    {
        if (!IsFatal(e)) _log.LogError(e, "Listing events under their subjects failed; trying again in {Seconds} s", SubjectFeedRetry.TotalSeconds);
        _subjectFeedAfter = Environment.TickCount64 + (long)SubjectFeedRetry.TotalMilliseconds;
    }

    /// <summary>Where counting the subjects of data stored before they were kept stands.</summary>
    internal Task<SubjectProgress> SubjectProgressAsync() => Submit(l => l.SubjectBackfillProgress());

    /// <summary>Counts the subjects of stored events read up to <paramref name="readUpTo"/>; answers whether every event is counted.</summary>
    internal Task<bool> CountStoredSubjectsAsync(IReadOnlyList<(long Id, EventSubject? Subject)> chunk, long readUpTo) =>
        Submit(l => l.CountStoredSubjects(chunk, readUpTo));

    /// <summary>Counts the subjects one batch of stored leads is in; answers how many it read, 0 once all are counted.</summary>
    internal Task<int> CountStoredLeadsAsync(int batch, PingParser parser) => Submit(l => l.CountStoredLeads(batch, parser));
}

namespace KartraDashboard.Storage;

/// <summary>
/// The writer's operations for owning the data: erasure (answered only after a checkpoint, so the
/// erased bytes are gone from the files on disk), retention batches, and holding checkpoints off
/// while a backup copies the files.
/// </summary>
public sealed partial class StoreWriter
{
    // How long an owed checkpoint waits, on the writer thread, for reads to close before it is
    // tried again later: reads are short, and every ping waits while the writer does.
    private static readonly TimeSpan ReadsCloseWait = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan OwedRetry = TimeSpan.FromMilliseconds(100);

    private readonly List<Job> _owedCheckpoint = [];
    private int _checkpointHolds;
    private Timer? _owedRetry;

    /// <summary>
    /// Erases a lead everywhere (see <see cref="Ledger.EraseLead"/>); answers once the erased bytes
    /// are out of the data file and the log. Null when there is no such lead.
    /// </summary>
    public Task<LeadErasure?> EraseLeadAsync(string leadId, DateTimeOffset at) =>
        SubmitJob(new Job<LeadErasure?>(l => l.EraseLead(leadId, at.UtcDateTime)) { CheckpointFirst = true });

    /// <summary>Erases a batch of the leads Kartra deleted; an empty list once none is left.</summary>
    public Task<List<LeadErasure>> EraseDeletedLeadsAsync(int batch, DateTimeOffset at) =>
        SubmitJob(new Job<List<LeadErasure>>(l => l.EraseDeletedLeads(batch, at.UtcDateTime)) { CheckpointFirst = true });

    /// <summary>One retention batch of raw bodies received before <paramref name="before"/>; 0 once done.</summary>
    public Task<int> RemoveBodiesAsync(DateTimeOffset before, int batch) => Submit(l => l.RemoveBodies(before.UtcDateTime, batch));

    /// <summary>One retention batch of whole events received before <paramref name="before"/>; 0 once done.</summary>
    public Task<int> RemoveEventsAsync(DateTimeOffset before, int batch) => Submit(l => l.RemoveEvents(before.UtcDateTime, batch));

    /// <summary>
    /// Holds checkpoints off, between two commits, and answers with the log's length then: until
    /// <see cref="ReleaseCheckpoints"/>, the data file does not change and the log only grows, so
    /// the data file and the log up to that length are a consistent copy of every commit so far.
    /// </summary>
    public Task<long> HoldCheckpointsAsync() => SubmitJob(new Job<long>(_ =>
    {
        Interlocked.Increment(ref _checkpointHolds);
        return _db.LogLength;
    }) { Alone = true });

    public void ReleaseCheckpoints()
    {
        Interlocked.Decrement(ref _checkpointHolds);
        PokeOwed();
    }

    private bool CheckpointsHeld => Volatile.Read(ref _checkpointHolds) > 0;

    private Task<T> SubmitJob<T>(Job<T> job)
    {
        if (!_queue.Writer.TryWrite(job)) throw new StoreClosedException();
        return job.Task;
    }

    private void RunAlone(Job job)
    {
        try
        {
            job.Run(_ledger);
            job.Complete();
        }
        catch (Exception e)
        {
            job.Fail(e);
        }
        CheckpointOwed();
    }

    private bool OwesCheckpoint(Job job)
    {
        if (!job.CheckpointFirst) return false;
        _owedCheckpoint.Add(job);
        return true;
    }

    /// <summary>
    /// Takes the checkpoint an erasure waits for. It needs LiteDB's exclusive lock, so it waits a
    /// moment for open reads to close; while reads stay open or a backup holds checkpoints off,
    /// it is tried again shortly (the erasure's caller keeps waiting, pings do not).
    /// </summary>
    private void CheckpointOwed()
    {
        if (_owedCheckpoint.Count == 0) return;
        if (!CheckpointsHeld)
        {
            var deadline = Environment.TickCount64 + (long)ReadsCloseWait.TotalMilliseconds;
            while (_db.OpenReads > 0 && Environment.TickCount64 < deadline) Thread.Sleep(1);
            if (_db.OpenReads == 0)
            {
                try
                {
                    _db.Checkpoint();
                    foreach (var job in _owedCheckpoint) job.Complete();
                }
                catch (Exception e) when (e is IOException or LiteDB.LiteException)
                {
                    _log.LogError(e, "The checkpoint an erasure waits for failed");
                    foreach (var job in _owedCheckpoint) job.Fail(new StoreNotDurableException(e));
                }
                _owedCheckpoint.Clear();
                return;
            }
        }
        _owedRetry ??= new Timer(_ => PokeOwed());
        _owedRetry.Change(OwedRetry, Timeout.InfiniteTimeSpan);
    }

    /// <summary>At stop nothing waits longer: the checkpoint is taken if it can be, else the erasure's caller hears the store closed.</summary>
    private void SettleOwedAtStop()
    {
        if (_owedCheckpoint.Count == 0) return;
        if (!CheckpointsHeld && _db.OpenReads == 0)
        {
            CheckpointOwed();
            return;
        }
        foreach (var job in _owedCheckpoint) job.Fail(new StoreClosedException());
        _owedCheckpoint.Clear();
    }

    /// <summary>Wakes the writer to try an owed checkpoint again.</summary>
    private void PokeOwed() => _queue.Writer.TryWrite(new Job<bool>(_ => true) { Alone = true });
}

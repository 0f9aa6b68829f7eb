using System.Threading.Channels;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Live;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Storage;

/// <summary>
/// The single writer. Pings that arrive together are committed in one transaction and one
/// flush (group commit), and each caller hears back only once its ping is on disk. It runs on
/// a thread of its own because LiteDB ties an explicit transaction to the thread that began it.
/// </summary>
public sealed partial class StoreWriter : IHostedService, IDisposable
{
    private const int MaxBatch = 512;
    // Past this the log is copied into the data file; smaller logs make start-up and reads cheaper.
    // A 64 MB log cost no less CPU per ping in the bench, and the process held about 190 MB more.
    private const long CheckpointLogBytes = 16 * 1024 * 1024;

    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Database _db;
    private Ledger _ledger;
    private readonly LiveFeed _feed;
    private readonly ILogger<StoreWriter> _log;
    private readonly Thread _thread;
    private readonly ZoneSettings _zones;
    private readonly bool _subjectFigures;
    private readonly TimeSpan _subjectFeedIdle;
    private readonly long _burstHoldMs;

    public StoreWriter(Database db, ZoneSettings zones, LiveFeed feed, ILogger<StoreWriter> log,
        IOptions<DiskRecoveryOptions> recovery, IOptions<StorageOptions> storage, TimeProvider clock, IHostApplicationLifetime lifetime)
    {
        _subjectFigures = storage.Value.SubjectFigures;
        _subjectFeedIdle = storage.Value.SubjectFeedIdle;
        _burstHoldMs = (long)storage.Value.BurstHold.TotalMilliseconds;
        _retryEvery = TimeSpan.FromSeconds(recovery.Value.DiskRetrySeconds);
        _clock = clock;
        _lifetime = lifetime;
        _zones = zones;
        _db = db;
        _feed = feed;
        _log = log;
        _ledger = new Ledger(db, zones.Dashboard, _subjectFigures);
        _thread = new Thread(Run) { IsBackground = true, Name = "store-writer" };
        _thread.Start();
    }

    /// <summary>The kept totals as of the last commit, never changed once published.</summary>
    public Totals Totals { get; private set; } = Totals.Empty;

    /// <summary>Revenue over all time and per day, kept in memory as of the last commit.</summary>
    public AllTimeRevenue Revenue { get; } = new();

    /// <summary>Every subscription as of the last commit, kept in memory (see <see cref="SubscriptionBook"/>).</summary>
    public SubscriptionBook Subscriptions { get; } = new();

    /// <summary>Stores a ping as an event, or in quarantine when it is not one; answers once it is on disk.</summary>
    public Task<WriteResult> StoreAsync(IncomingPing ping) => Submit(l => l.Store(ping));

    /// <summary>Keeps a body in quarantine with the reason; answers with its quarantine id.</summary>
    public Task<long> QuarantineAsync(byte[] body, string? contentType, string? remoteAddress, string reason) =>
        Submit(l => l.Quarantine(body, contentType, remoteAddress, reason));

    /// <summary>Stores a quarantined body that has been parsed again (see <see cref="Ledger.Reprocess"/>).</summary>
    public Task<ReprocessOutcome> ReprocessAsync(long quarantineId, byte[] body, PingParseResult parsed) =>
        Submit(l => l.Reprocess(quarantineId, body, parsed));

    public Task SetSettingAsync(string key, string? value) => Submit(l =>
    {
        l.SetSetting(key, value);
        return true;
    });

    private Task<T> Submit<T>(Func<Ledger, T> work)
    {
        var job = new Job<T>(work);
        if (!_queue.Writer.TryWrite(job)) throw new StoreClosedException();
        return job.Task;
    }

    private void Run()
    {
        Totals = _ledger.Counters.Snapshot();
        PublishOutboxCounts();
        var batch = new List<Job>(MaxBatch);
        var reader = _queue.Reader;
        while (WaitForWork())
        {
            batch.Clear();
            // A job that runs alone (see RunAlone) ends the batch before it, and runs between commits.
            while (batch.Count < MaxBatch && reader.TryPeek(out var next) && !(next.Alone && batch.Count > 0))
            {
                reader.TryRead(out _);
                batch.Add(next);
                if (next.Alone) break;
            }
            if (batch.Count == 0) continue;
            // While the disk fails, writes are refused at once, and the file is tried again every few seconds.
            if (_diskError is { } failing && !TryRecover())
            {
                foreach (var job in batch) job.Fail(new StoreUnavailableException(failing));
                continue;
            }
            if (batch is [{ Alone: true } alone])
            {
                RunAlone(alone);
                continue;
            }
            try
            {
                Commit(batch);
            }
            catch (Exception e) when (IsFatal(e))
            {
                foreach (var job in batch) job.Fail(new StoreUnavailableException(e));
            }
            catch (Exception e)
            {
                // One bad job must not fail the others: roll back and give each its own transaction.
                _log.LogError(e, "A group commit of {Count} writes failed; retrying them one by one", batch.Count);
                foreach (var job in batch)
                {
                    if (_diskError is { } failed) { job.Fail(new StoreUnavailableException(failed)); continue; }
                    try { Commit([job]); }
                    catch (Exception one) when (IsFatal(one)) { job.Fail(new StoreUnavailableException(one)); }
                    catch (Exception one) { job.Fail(one); }
                }
            }
        }
        SettleOwedAtStop();
    }

    private void Commit(List<Job> batch)
    {
        _ledger.Appended.Clear();
        _ledger.AddedRevenue.Clear();
        _ledger.ChangedSubscriptions.Clear();
        long owed;
        _db.BeginTrans();
        try
        {
            foreach (var job in batch) job.Run(_ledger);
            _ledger.SaveCounters();
            owed = _ledger.SubjectEventsOwed;
            _db.Lite.Commit();
        }
        catch
        {
            // Neither may keep the batch's error from its callers: after a disk error LiteDB's
            // engine is closed and both throw, and the ledger is made again when the file is reopened.
            try
            {
                _db.Lite.Rollback();
                _ledger.Reload();
            }
            catch (Exception e) when (Database.IsDiskError(e) || e is LiteDB.LiteException)
            {
                _diskError ??= e;
            }
            throw;
        }

        // Committed: from here on the batch is never run again, whatever fails.
        try
        {
            SubjectEventsOwed = owed;
            AfterCommit(batch);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Publishing a committed batch failed");
            foreach (var job in batch) job.Fail(new StoreNotDurableException(e));
        }
    }

    private void AfterCommit(List<Job> batch)
    {
        Totals = _ledger.Counters.Snapshot();
        PublishOutboxCounts();
        Revenue.Add(_ledger.AddedRevenue);
        Subscriptions.Apply(_ledger.ChangedSubscriptions.Values);
        if (!TryFlush(out var error))
        {
            foreach (var job in batch) job.Fail(new StoreNotDurableException(error!));
            return;
        }
        foreach (var job in batch)
            if (!OwesCheckpoint(job)) job.Complete();
        if (_ledger.Appended.Count > 0) _feed.Publish([.. _ledger.Appended]);

        // A checkpoint needs LiteDB's exclusive lock, which waits for every open read (and up to a
        // minute for one that never ends); so it is taken only while no read of ours is open, else
        // tried again after the next commit. The log is already on disk, so a skipped or failed
        // checkpoint loses nothing.
        if (_db.LogLength > CheckpointLogBytes && _db.OpenReads == 0 && !CheckpointsHeld)
        {
            try { _db.Checkpoint(); }
            catch (Exception e)
            {
                _log.LogError(e, "Checkpoint failed");
                if (Database.IsDiskError(e)) _diskError ??= e;
            }
        }
        CheckpointOwed();
    }

    private bool TryFlush(out Exception? error)
    {
        error = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                _db.FlushLog();
                return true;
            }
            catch (Exception e)
            {
                error = e;
                _log.LogError(e, "Flushing the database log to disk failed (attempt {Attempt})", attempt);
            }
        }
        // The log is reopened with the file, so the next fsync goes through a handle of its own.
        _diskError ??= error;
        return false;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RewriteKeysAsync();
        if (await Submit(l => l.EnsureDayZone(_zones.Dashboard.Id)))
            _log.LogWarning("Dashboard:TimeZone changed to {Zone}: daily totals were cut again in it", _zones.Dashboard.Id);
        await SplitMoneyAsync();
        Revenue.Load(await Submit(l => l.AllDays()));
        Subscriptions.Load(await Submit(l => l.AllSubscriptions()));
    }

    /// <summary>Gives transactions of an older file their money figures (see <see cref="Ledger.SplitMoney"/>), before any ping is taken.</summary>
    private async Task SplitMoneyAsync()
    {
        long done = 0;
        int replayed;
        while ((replayed = await Submit(l => l.SplitMoney(2_000))) > 0) done += replayed;
        if (done > 0) _log.LogWarning("Initial payments, rebills and subscriptions worked out for {Count} stored transactions", done);
    }

    /// <summary>Brings the index keys of a file written by an older version to the current format, before any ping is taken.</summary>
    private async Task RewriteKeysAsync()
    {
        long done = 0;
        int rewritten;
        while ((rewritten = await Submit(l => l.RewriteKeys(2_000))) > 0)
        {
            if (done == 0) _log.LogWarning("Rewriting the index keys of {Path} in the current format; pings are taken once it is done", _db.FullPath);
            done += rewritten;
            if (done % 100_000 < rewritten) _log.LogInformation("Index keys rewritten: {Count} documents so far", done);
        }
        if (done > 0) _log.LogWarning("Index keys rewritten: {Count} documents", done);
    }

    /// <summary>Stops taking writes, then finishes every one already taken.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return Task.Run(() => _thread.Join(), cancellationToken);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
    }

    private abstract class Job
    {
        /// <summary>Answered only once a checkpoint has put what it wrote into the data file (an erasure).</summary>
        public bool CheckpointFirst { get; init; }
        /// <summary>Runs on the writer thread between commits, outside any transaction.</summary>
        public bool Alone { get; init; }
        public abstract void Run(Ledger ledger);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class Job<T>(Func<Ledger, T> work) : Job
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;
        public override void Run(Ledger ledger) => _result = work(ledger);
        public override void Complete() => _done.TrySetResult(_result!);
        public override void Fail(Exception e) => _done.TrySetException(e);
    }
}

public sealed class StoreClosedException() : Exception("The store is shutting down and takes no more writes.");

/// <summary>A write was committed but the disk would not confirm it, so it is not acknowledged.</summary>
public sealed class StoreNotDurableException(Exception inner) : Exception("The disk did not confirm the write.", inner);

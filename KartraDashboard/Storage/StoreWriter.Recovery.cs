using System.ComponentModel.DataAnnotations;

namespace KartraDashboard.Storage;

/// <summary>
/// How the writer lives through a disk error without a restart. LiteDB closes its engine for
/// good on an I/O error, so while the disk fails every write is refused at once (the webhook
/// answers 503 and Kartra sends again), and every few seconds the file is opened again and one
/// small write is tried; once it reaches the disk, the kept totals are read again from the file
/// and pings are taken as before. Only a file LiteDB finds corrupt stops the process.
/// </summary>
public sealed partial class StoreWriter
{
    private readonly TimeSpan _retryEvery;
    private readonly TimeProvider _clock;
    private readonly IHostApplicationLifetime _lifetime;
    // Set on the writer thread only; read by health checks.
    private volatile Exception? _diskError;
    private DateTimeOffset _lastAttempt;

    /// <summary>Whether writes fail now (the disk is full or read-only, or the file corrupt).</summary>
    public bool IsFailing => _diskError is not null;

    /// <summary>
    /// Whether an error is one the whole store suffers rather than one job: a disk error (then
    /// the file is tried again later) or a corrupt file (then the process stops).
    /// </summary>
    private bool IsFatal(Exception e)
    {
        if (Database.IsCorrupt(e))
        {
            _diskError = e;
            _log.LogCritical(e, "The database file {Path} is corrupt: {Message}. The dashboard stops, so that its supervisor starts it again; if it stays corrupt, restore a backup",
                _db.FullPath, e.Message);
            Environment.ExitCode = 70;
            _lifetime.StopApplication();
            return true;
        }
        if (!Database.IsDiskError(e) && _diskError is null) return false;
        if (_diskError is null)
        {
            _log.LogError(e, "Writing to {Path} failed; pings are refused until the disk takes writes again, tried every {Seconds} s",
                _db.FullPath, _retryEvery.TotalSeconds);
            _lastAttempt = _clock.GetUtcNow();
        }
        _diskError ??= e;
        return true;
    }

    /// <summary>Waits for writes, feeding the subjects' lists when due; while the disk fails, wakes every retry interval to try the file again.</summary>
    private bool WaitForWork()
    {
        var reader = _queue.Reader;
        if (_diskError is null)
        {
            var work = reader.WaitToReadAsync().AsTask();
            if (!(work.IsCompleted && !work.Result) && SubjectFeedDue(work))
            {
                FeedSubjectEvents();
                return true;
            }
            return work.GetAwaiter().GetResult();
        }
        using var wait = new CancellationTokenSource(_retryEvery, _clock);
        try
        {
            return reader.WaitToReadAsync(wait.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            TryRecover();
            return true;
        }
    }

    /// <summary>
    /// Opens the file again and writes the kept totals, unchanged, through to the disk. Tried at
    /// most once per retry interval; true once the store takes writes again.
    /// </summary>
    private bool TryRecover()
    {
        var now = _clock.GetUtcNow();
        if (now - _lastAttempt < _retryEvery) return false;
        _lastAttempt = now;
        try
        {
            _db.Reopen();
            // What was counted in memory for a batch that never reached the disk is dropped with the old ledger.
            var ledger = new Ledger(_db, _zones.Dashboard, _subjectFigures);
            _db.BeginTrans();
            ledger.SaveCounters();
            _db.Lite.Commit();
            _db.FlushLog();
            _ledger = ledger;
            Totals = ledger.Counters.Snapshot();
            PublishOutboxCounts();
            Revenue.Load(ledger.AllDays());
            _log.LogWarning("{Path} takes writes again; pings are taken again", _db.FullPath);
            _diskError = null;
            return true;
        }
        catch (Exception e) when (!Database.IsCorrupt(e))
        {
            _log.LogWarning("{Path} still takes no writes: {Message}", _db.FullPath, e.Message);
            return false;
        }
        catch (Exception e)
        {
            IsFatal(e);
            return false;
        }
    }
}

/// <summary>Writes are refused for now: the disk failed, and the file is tried again every few seconds.</summary>
public sealed class StoreUnavailableException(Exception inner)
    : Exception("The database cannot be written now (" + inner.Message + "); it is tried again every few seconds.", inner);

/// <summary>How often a failed disk is tried again (<c>Storage:DiskRetrySeconds</c>).</summary>
public sealed class DiskRecoveryOptions
{
    [Range(0.05, 300)]
    public double DiskRetrySeconds { get; set; } = 5;
}

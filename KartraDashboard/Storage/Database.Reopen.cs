using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// Opening the file again after a disk error. LiteDB 5.0.21 closes its engine for good on any
/// I/O error (a full disk, a file made read-only) and answers every later call with that error,
/// so the only way back once the disk is writable is a new <see cref="LiteDatabase"/>.
/// </summary>
public sealed partial class Database
{
    private volatile LiteDatabase _lite;

    private LiteDatabase OpenLite()
    {
        var lite = new LiteDatabase(new ConnectionString { Filename = FullPath, Connection = ConnectionType.Direct }, Mapper);
        // Checkpoints are taken by the writer (after a flush) rather than in the middle of a commit.
        lite.CheckpointSize = 0;
        lite.UtcDate = true;
        return lite;
    }

    /// <summary>
    /// Drops the failed engine and opens the file again; throws while the disk still fails. The
    /// log handle goes too: LiteDB may have deleted and made again the log it points at, and an
    /// fsync through it would then silently reach nothing. Only the writer calls this; a read
    /// that meets the old engine meanwhile fails and is answered as "unavailable".
    /// </summary>
    public void Reopen()
    {
        var old = _lite;
        var transactions = LiteTransactions.Of(old);
        if (_writeTransaction is { } write) transactions.Add(write);
        _writeTransaction = null;
        try { old.Dispose(); }
        catch (Exception e) when (IsDiskError(e) || e is LiteException) { /* the engine is failed already; its file is opened again below */ }
        // LiteDB 5.0.21 gives each transaction a finalizer that rolls it back again; for one the
        // failed engine could not roll back, that throws on the finalizer thread and ends the process.
        foreach (var transaction in transactions) GC.SuppressFinalize(transaction);
        _logHandle?.Dispose();
        _logHandle = null;
        _lite = OpenLite();
    }

    private object? _writeTransaction;

    /// <summary>Begins the writer's transaction, and remembers it in case the engine fails under it (see <see cref="Reopen"/>).</summary>
    public void BeginTrans()
    {
        _lite.BeginTrans();
        _writeTransaction = LiteTransactions.Current(_lite);
    }

    /// <summary>
    /// An error of the disk or of an engine closed by one: it lasts until the disk is writable
    /// and the file opened again, and says nothing about the request that met it.
    /// </summary>
    public static bool IsDiskError(Exception e) =>
        e is IOException or UnauthorizedAccessException or ObjectDisposedException
        || e is LiteException { ErrorCode: LiteException.ENGINE_DISPOSED }
        || (e.InnerException is { } inner && IsDiskError(inner));

    /// <summary>LiteDB found the file itself inconsistent: opening it again cannot help.</summary>
    public static bool IsCorrupt(Exception e) =>
        e is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE or LiteException.INVALID_DATABASE };
}

/// <summary>
/// The engine's transaction objects, reached by reflection into LiteDB 5.0.21 (the version is
/// pinned): it offers no way to let go of a transaction its failed engine could not roll back.
/// Finds nothing, rather than failing, if the fields are not there.
/// </summary>
internal static class LiteTransactions
{
    private const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;

    private static object? Monitor(LiteDatabase db)
    {
        var engine = typeof(LiteDatabase).GetField("_engine", Private)?.GetValue(db);
        return engine?.GetType().GetField("_monitor", Private)?.GetValue(engine);
    }

    /// <summary>The transaction of the calling thread.</summary>
    public static object? Current(LiteDatabase db)
    {
        try
        {
            var slot = Monitor(db) is { } monitor ? monitor.GetType().GetField("_slot", Private)?.GetValue(monitor) : null;
            return slot?.GetType().GetProperty("Value")?.GetValue(slot);
        }
        catch (System.Reflection.TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>Every transaction the engine holds open.</summary>
    public static List<object> Of(LiteDatabase db)
    {
        var found = new List<object>();
        if (Monitor(db) is { } monitor && monitor.GetType().GetField("_transactions", Private)?.GetValue(monitor) is System.Collections.IDictionary open)
            lock (open)
                foreach (var transaction in open.Values)
                    if (transaction is not null) found.Add(transaction);
        return found;
    }
}

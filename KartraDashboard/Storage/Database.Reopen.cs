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
        try { old.Dispose(); }
        catch (Exception e) when (IsDiskError(e) || e is LiteException) { /* the engine is failed already; its file is opened again below */ }
        _logHandle?.Dispose();
        _logHandle = null;
        _lite = OpenLite();
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

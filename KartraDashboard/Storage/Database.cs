using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// The one LiteDB file of the process, its indexes, and what LiteDB 5 leaves undone:
/// a lock that keeps a second process out, and the flush of the write-ahead log to disk.
/// </summary>
public sealed partial class Database : IDisposable
{
    private readonly FileStream _lock;
    private FileStream? _logHandle;

    public Database(string path)
    {
        FullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(FullPath)!;
        try
        {
            Directory.CreateDirectory(folder);
            // LiteDB takes only a shared lock on Linux, so two processes could both write the
            // file and corrupt it; an exclusive lock beside it keeps the second one out.
            _lock = new FileStream(FullPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DatabaseUnavailableException(
                $"The database file {FullPath} is in use by another process (or its lock file cannot be created): {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DatabaseUnavailableException($"The database file {FullPath} cannot be opened: {e.Message}", e);
        }

        try
        {
            _lite = OpenLite();
            EnsureIndexes();
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _lock.Dispose();
            throw new DatabaseUnavailableException($"The database file {FullPath} cannot be opened: {e.Message}", e);
        }
        LogPath = LogPathOf(FullPath);
    }

    /// <summary>The write-ahead log LiteDB keeps beside a data file: kartra-log.db beside kartra.db. A copy of the file needs both.</summary>
    public static string LogPathOf(string dataPath)
    {
        var full = Path.GetFullPath(dataPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-log" + Path.GetExtension(full));
    }

    /// <summary>Documents are built by hand, so one plain mapper serves and nothing is mapped by reflection concurrently.</summary>
    private static readonly BsonMapper Mapper = new() { SerializeNullValues = false };

    public LiteDatabase Lite => _lite;
    public string FullPath { get; }
    public string LogPath { get; }

    public ILiteCollection<BsonDocument> Collection(string name) => Lite.GetCollection(name, BsonAutoId.Int64);

    private void EnsureIndexes()
    {
        foreach (var (collection, fields) in new[]
        {
            (Schema.Events.Collection, Schema.Events.Indexes),
            (Schema.Leads.Collection, Schema.Leads.Indexes),
            (Schema.Transactions.Collection, Schema.Transactions.Indexes),
            (Schema.Deliveries.Collection, Schema.Deliveries.Indexes),
            (Schema.Subjects.Collection, Schema.Subjects.Indexes),
            (Schema.SubjectDays.Collection, Schema.SubjectDays.Indexes),
            (Schema.Leads.Collection, Schema.LeadAttributes.Indexes),
        })
            foreach (var field in fields) Collection(collection).EnsureIndex(field, "$." + field);
        foreach (var (collection, field) in Schema.Ownership.Indexes) Collection(collection).EnsureIndex(field, "$." + field);
        foreach (var index in Schema.Events.DroppedIndexes) Collection(Schema.Events.Collection).DropIndex(index);
        foreach (var index in Schema.Deliveries.DroppedIndexes) Collection(Schema.Deliveries.Collection).DropIndex(index);
        foreach (var index in Schema.LeadSubjects.DroppedIndexes) Collection(Schema.Leads.Collection).DropIndex(index);
    }

    /// <summary>
    /// Forces what the last commit wrote onto the disk. LiteDB 5 writes its log file on commit
    /// but never fsyncs it, so an acknowledged ping could vanish with a power cut without this.
    /// A handle opened for writing is needed: flushing a read-only one does not reach the disk.
    /// LiteDB 5.0.21 writes log pages synchronously, a page per write through a buffer no larger
    /// than a page, so when Commit returns the bytes are with the OS and an fsync of the file
    /// from any handle makes them durable.
    /// </summary>
    public void FlushLog()
    {
        if (_logHandle is null)
        {
            if (!File.Exists(LogPath)) return;
            _logHandle = new FileStream(LogPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        _logHandle.Flush(flushToDisk: true);
    }

    /// <summary>Copies the log into the data file, then makes the data file durable before the log is reused.</summary>
    public void Checkpoint()
    {
        Lite.Checkpoint();
        using var data = new FileStream(FullPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        data.Flush(flushToDisk: true);
        FlushLog();
    }

    private int _openReads;

    /// <summary>Reads under way now (see <see cref="BeginRead"/>); the writer checkpoints only when there are none.</summary>
    public int OpenReads => Volatile.Read(ref _openReads);

    /// <summary>
    /// Marks a read as open until the scope is disposed. Every read of the store runs inside one,
    /// synchronously and on one thread: LiteDB 5.0.21 ties a query's read lock to the thread that
    /// starts it and silently keeps it when the query ends on another, which would hold off every
    /// checkpoint for good.
    /// </summary>
    public ReadScope BeginRead()
    {
        Interlocked.Increment(ref _openReads);
        return new ReadScope(this);
    }

    public readonly struct ReadScope(Database db) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref db._openReads);
    }

    public long LogLength => File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

    public void Dispose()
    {
        _logHandle?.Dispose();
        Lite.Dispose();
        _lock.Dispose();
    }
}

public sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);

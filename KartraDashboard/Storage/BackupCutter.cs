using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>
/// A consistent copy of the database while pings keep arriving. LiteDB 5 has no backup API, but
/// the writer owns checkpoints and LiteDB writes the data file only at one: with checkpoints held
/// off (between two commits), the data file stands still and the log only grows, so the data
/// file and the log up to its length at that moment hold exactly the commits made so far. Both
/// are copied into a temporary file and its log, which LiteDB then merges into one file. The
/// writer pauses only to read the log's length; acknowledgements go on during the copy.
/// </summary>
public sealed class BackupCutter(Database db, StoreWriter writer)
{
    /// <summary>Writes a copy of the database to <paramref name="target"/> (one LiteDB file, without a log).</summary>
    public async Task CutAsync(string target, CancellationToken cancellation)
    {
        var targetLog = Database.LogPathOf(target);
        DeleteIfThere(target);
        DeleteIfThere(targetLog);
        var logLength = await writer.HoldCheckpointsAsync();
        try
        {
            await CopyAsync(db.FullPath, target, long.MaxValue, cancellation);
            if (logLength > 0) await CopyAsync(db.LogPath, targetLog, logLength, cancellation);
        }
        finally
        {
            writer.ReleaseCheckpoints();
        }
        // Opening the copy replays the committed transactions of its log; the checkpoint (and the
        // close) writes them into the data file, so the copy is one file.
        await Task.Run(() =>
        {
            using (var copy = new LiteDatabase(new ConnectionString { Filename = target, Connection = ConnectionType.Direct }))
                copy.Checkpoint();
            DeleteIfThere(targetLog);
        }, cancellation);
    }

    private static async Task CopyAsync(string from, string to, long length, CancellationToken cancellation)
    {
        await using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        await using var copy = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 20];
        var left = length;
        int read;
        while (left > 0 && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellation)) > 0)
        {
            await copy.WriteAsync(buffer.AsMemory(0, read), cancellation);
            left -= read;
        }
    }

    private static void DeleteIfThere(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }
}

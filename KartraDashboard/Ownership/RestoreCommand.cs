using KartraDashboard.Storage;
using LiteDB;

namespace KartraDashboard.Ownership;

/// <summary>
/// <c>restore FILE</c>: puts a backup in place of the database. Refused while the dashboard runs
/// on it (the database's lock is held). Before the swap, the copy gets what it must not lack:
/// the erasures logged in the database it replaces that the copy does not have are applied to it
/// again, and its ids go on above the highest the replaced database ever issued. The replaced
/// file is kept beside it as NAME.before-restore.db.
/// </summary>
public static class RestoreCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args is not [var file, .. var rest] || file.StartsWith('-'))
        {
            errors.WriteLine("Usage: restore FILE   (a backup from /api/backup or Storage:BackupFolder)");
            return 2;
        }
        if (!File.Exists(file))
        {
            errors.WriteLine($"KartraDashboard cannot restore: there is no file {Path.GetFullPath(file)}.");
            return 1;
        }
        var configuration = WebApplication.CreateBuilder(rest).Configuration;
        var path = Path.GetFullPath(configuration[$"{StorageOptions.Section}:DatabasePath"] is { Length: > 0 } p ? p : new StorageOptions().DatabasePath);
        try
        {
            var replaced = Restore(Path.GetFullPath(file), path, output);
            output.WriteLine($"Restored {file} as {path}; the database it replaced is kept as {replaced}.");
            return 0;
        }
        catch (Exception e) when (e is DatabaseUnavailableException or LiteException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            errors.WriteLine($"KartraDashboard cannot restore: {e.Message}");
            return 1;
        }
    }

    /// <summary>Restores <paramref name="backup"/> as the database at <paramref name="path"/>; answers where the replaced file went.</summary>
    public static string Restore(string backup, string path, TextWriter output)
    {
        var staging = Path.Combine(Path.GetDirectoryName(path)!, $".restore-{Guid.NewGuid():N}.db");
        var replaced = Path.ChangeExtension(path, ".before-restore" + Path.GetExtension(path));
        // Holding the database (and its lock) keeps the dashboard from starting on it meanwhile.
        Database current;
        try
        {
            current = new Database(path);
        }
        catch (DatabaseUnavailableException e)
        {
            throw new DatabaseUnavailableException($"{e.Message} Stop the dashboard before restoring.", e);
        }
        try
        {
            List<LeadErasure> erasures;
            Counters kept;
            using (current.BeginRead())
            {
                var ledger = new Ledger(current, TimeZoneInfo.Utc);
                erasures = ledger.ErasureLog();
                kept = ledger.Counters;
            }
            File.Copy(backup, staging);
            using (var copy = new Database(staging))
            {
                var zone = DayZone(copy);
                var ledger = new Ledger(copy, zone);
                var had = ledger.ErasureLog().Select(e => (e.LeadId, e.At)).ToHashSet();
                copy.Lite.BeginTrans();
                var again = 0;
                foreach (var erasure in erasures)
                    if (!had.Contains((erasure.LeadId, erasure.At)) && ledger.EraseAgain(erasure)) again++;
                ledger.SkipIdsThrough(kept.LastEventId);
                ledger.SkipQuarantineIdsThrough(kept.LastQuarantineId);
                ledger.SaveCounters();
                copy.Lite.Commit();
                copy.Checkpoint();
                if (again > 0) output.WriteLine($"Erased again {again} leads erased after the backup was cut.");
            }
            File.Delete(staging + ".lock");
        }
        catch
        {
            current.Dispose();
            if (File.Exists(staging)) File.Delete(staging);
            throw;
        }
        current.Dispose();
        File.Move(path, replaced, overwrite: true);
        var log = Database.LogPathOf(path);
        if (File.Exists(log)) File.Move(log, Database.LogPathOf(replaced), overwrite: true);
        File.Move(staging, path);
        return replaced;
    }

    /// <summary>The zone the copy's day totals were cut in (kept in the file), so an erasure takes its lead off the right day.</summary>
    private static TimeZoneInfo DayZone(Database db)
    {
        var id = db.Collection(Schema.Meta.Collection).FindById(Ledger.SettingId("dayZone")) is { } d && d[Schema.Meta.Value].IsString ? d[Schema.Meta.Value].AsString : null;
        return id is not null && Hosting.ZoneSettings.Exists(id) ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
    }
}

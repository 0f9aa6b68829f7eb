using LiteDB;

namespace KartraDashboard.Storage;

/// <summary>The store as a whole: its kept totals, its file, whether it answers, and the settings kept in it.</summary>
public sealed class StoreStatus(Database db, StoreWriter writer)
{
    public Totals Totals => writer.Totals;

    /// <summary>Deliveries to forwarding targets and alerts still owed, and given up.</summary>
    public OutboxCounts OutboxCounts => writer.OutboxCounts;

    public string DatabasePath => db.FullPath;

    public long DatabaseBytes => (File.Exists(db.FullPath) ? new FileInfo(db.FullPath).Length : 0) + db.LogLength;

    public bool IsHealthy()
    {
        if (writer.IsFailing) return false;
        try
        {
            using var read = db.BeginRead();
            db.Collection(Schema.Meta.Collection).FindById(Counters.DocumentId);
            return true;
        }
        catch (Exception e) when (e is LiteException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    public string? Setting(string key)
    {
        using var read = db.BeginRead();
        return db.Collection(Schema.Meta.Collection).FindById(Ledger.SettingId(key)) is { } d && d[Schema.Meta.Value].IsString ? d[Schema.Meta.Value].AsString : null;
    }
}

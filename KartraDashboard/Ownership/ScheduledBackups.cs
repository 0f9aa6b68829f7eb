using System.Globalization;
using KartraDashboard.Storage;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Ownership;

/// <summary>
/// With <c>Storage:BackupFolder</c> set, cuts a backup there every <c>Storage:BackupEveryHours</c>
/// and keeps the newest <c>Storage:BackupKeep</c>. A copy is cut under a temporary name and
/// renamed once whole, so the folder never shows a half-written backup.
/// </summary>
public sealed class ScheduledBackups(BackupCutter backups, IOptions<OwnershipOptions> options, TimeProvider clock, ILogger<ScheduledBackups> log) : BackgroundService
{
    public const string Prefix = "kartra-backup-";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.BackupFolder)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(o.BackupEveryHours), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CutAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreClosedException or LiteDB.LiteException)
            {
                log.LogError(e, "A scheduled backup to {Folder} failed", o.BackupFolder);
            }
        }
    }

    /// <summary>Cuts one backup into the folder, then deletes the oldest past the number kept. Answers its path.</summary>
    public async Task<string> CutAsync(CancellationToken cancellation = default)
    {
        var o = options.Value;
        var folder = Path.GetFullPath(o.BackupFolder!);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Prefix + clock.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + ".db");
        var temp = Path.Combine(folder, $".{Prefix}{Guid.NewGuid():N}.db");
        try
        {
            await backups.CutAsync(temp, cancellation);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        log.LogInformation("Backup written to {Path}", path);
        // The names sort as their times do.
        foreach (var old in Directory.GetFiles(folder, Prefix + "*.db").Order(StringComparer.Ordinal).SkipLast(o.BackupKeep))
            File.Delete(old);
        return path;
    }
}

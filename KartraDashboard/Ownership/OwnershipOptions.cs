using System.Globalization;
using KartraDashboard.Storage;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Ownership;

/// <summary>Retention and scheduled backups: further keys of the Storage section.</summary>
public sealed class OwnershipOptions
{
    /// <summary>Raw bodies older than this many days are removed (the events stay); 0 keeps them for ever.</summary>
    public int RawBodyDays { get; set; }

    /// <summary>Whole events older than this many days are removed (kept figures stay); 0 keeps them for ever.</summary>
    public int EventDays { get; set; }

    /// <summary>Where scheduled backups go; none are made without it.</summary>
    public string? BackupFolder { get; set; }

    public double BackupEveryHours { get; set; } = 24;

    /// <summary>How many scheduled backups are kept; older ones are deleted.</summary>
    public int BackupKeep { get; set; } = 7;
}

public sealed class OwnershipOptionsValidator : IValidateOptions<OwnershipOptions>
{
    public ValidateOptionsResult Validate(string? name, OwnershipOptions o)
    {
        var errors = new List<string>();
        const string s = StorageOptions.Section;
        if (o.RawBodyDays < 0) errors.Add($"{s}:RawBodyDays must be 0 (keep for ever) or a number of days, not {o.RawBodyDays}.");
        if (o.EventDays < 0) errors.Add($"{s}:EventDays must be 0 (keep for ever) or a number of days, not {o.EventDays}.");
        if (!string.IsNullOrWhiteSpace(o.BackupFolder))
        {
            if (!(o.BackupEveryHours > 0) || o.BackupEveryHours > 24 * 366)
                errors.Add(string.Format(CultureInfo.InvariantCulture, "{0}:BackupEveryHours must be a number of hours above 0, not {1}.", s, o.BackupEveryHours));
            if (o.BackupKeep < 1) errors.Add($"{s}:BackupKeep must be 1 or more, not {o.BackupKeep}.");
            try
            {
                Directory.CreateDirectory(o.BackupFolder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                errors.Add($"{s}:BackupFolder '{o.BackupFolder}' cannot be created: {e.Message}");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

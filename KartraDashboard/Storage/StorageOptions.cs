using System.ComponentModel.DataAnnotations;

namespace KartraDashboard.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/kartra.db";
}

using System.ComponentModel.DataAnnotations;

namespace KartraDashboard.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/kartra.db";

    /// <summary>
    /// Whether the writer keeps the per-subject figures and segments. Not a setting (configuration
    /// binds public properties only): the bench turns it off to measure what they cost a ping.
    /// </summary>
    internal bool SubjectFigures { get; set; } = true;

    /// <summary>
    /// How long the writer waits without pings before it lists the events stored since under their
    /// subjects (see <c>Ledger.FeedSubjectEvents</c>). Not a setting: tests lengthen it to read
    /// events not yet listed.
    /// </summary>
    internal TimeSpan SubjectFeedIdle { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long after its last commit of several pings a burst still holds deliveries back (see
    /// <c>StoreWriter.InBurst</c>). Not a setting: a test lengthens it, so that a pause of the
    /// machine's own (a collection, another process) cannot end the burst it makes.
    /// </summary>
    internal TimeSpan BurstHold { get; set; } = TimeSpan.FromMilliseconds(250);
}

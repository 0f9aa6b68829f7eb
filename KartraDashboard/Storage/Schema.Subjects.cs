namespace KartraDashboard.Storage;

internal static partial class Schema
{
    /// <summary>What each event is about: fields added to the documents of <see cref="Events"/>.</summary>
    public static class EventSubjects
    {
        /// <summary>The kind and id; left out where <see cref="Key"/> holds them whole.</summary>
        public const string Kind = "sk";
        public const string Id = "sid";
        public const string Name = "sn";
        public const string PartId = "spi";
        public const string PartName = "spn";
        /// <summary>
        /// <c>Keys.Of(subject group, id)</c>, on an event whose subject is counted. Not indexed: the
        /// subject's list of events is kept apart (see <see cref="SubjectEvents"/>). Files of before
        /// kept an index on it (dropped at start) and the event's number in its subject ("sbn", no longer read).
        /// </summary>
        public const string Key = "sbk";
        /// <summary>
        /// On an event at which its lead joined (true) or left (false) the subject: the subject's
        /// list of leads (see <see cref="Segments"/>) follows it when the event is listed.
        /// </summary>
        public const string Joined = "sj";
        /// <summary>As <see cref="Joined"/>, for the membership level or calendar class of the event.</summary>
        public const string PartJoined = "spj";
    }

    /// <summary>
    /// Each subject's events in id order, as lists of ids: one document per run of up to
    /// <c>SubjectEventLists.Capacity</c> events, keyed by <c>Keys.Of(subject group, first id)</c>.
    /// An index key per event would land beside a different subject's keys for every event of a
    /// commit, and cost each ping a page or two; these lists are written a batch of events at a
    /// time, after the events' own commits (see <c>Ledger.FeedSubjectEvents</c>).
    /// </summary>
    public static class SubjectEvents
    {
        public const string Collection = "subject_events";
        /// <summary>The number of the list's first event among its subject's events, from 1.</summary>
        public const string First = "n";
        /// <summary>The ids, rising, as <c>SubjectEventLists.Encode</c> writes them.</summary>
        public const string Ids = "ids";
        /// <summary>The actions among the list's events, each once (see <c>SubjectEventLists.WriteActions</c>).</summary>
        public const string Actions = "a";
        /// <summary>A byte per id: its event's action, as an index into <see cref="Actions"/>.</summary>
        public const string Codes = "x";
        /// <summary>The meta document holding the last event whose subject is listed (see <see cref="Meta.Value"/>).</summary>
        public const string FedId = "subjectEventsFed";
        /// <summary>
        /// The id of the <c>Meta</c> document holding the first event whose subject figures are added
        /// as it is listed: a file of a version that added them in each ping's commit counted those
        /// before it so (see <c>Ledger.EnsureSubjectFiguresFrom</c>).
        /// </summary>
        public const string FiguresFromId = "subjectFiguresFrom";
    }

    /// <summary>
    /// One document per subject (and per membership level or calendar class, with its subject as
    /// <see cref="Parent"/>), keyed by <c>Keys.Lowest(subject group)</c>: its name, its counts
    /// over all time, and the leads in it now.
    /// </summary>
    public static class Subjects
    {
        public const string Collection = "subjects";
        /// <summary>The subject's kind; empty for a part. Indexed: the reports list a kind's subjects.</summary>
        public const string Kind = "kind";
        public const string Id = "id";
        public const string Name = "name";
        /// <summary>A part's subject document. Indexed.</summary>
        public const string Parent = "parent";
        /// <summary>Non-duplicate events per action, as a <see cref="Map"/>.</summary>
        public const string Counts = "c";
        /// <summary>The leads in the subject now.</summary>
        public const string Current = "cur";
        /// <summary>The name its events show from the last of <see cref="FormerNames"/> on, and the names they showed before (see <see cref="Storage.FormerNames"/>).</summary>
        public const string EventName = "en";
        public const string FormerNames = "was";

        public static readonly string[] Indexes = [Kind, Parent];
    }

    /// <summary>A subject's (or part's) non-duplicate events per action on one day of the dashboard's zone, keyed by <c>Keys.Dated(group, day)</c>.</summary>
    public static class SubjectDays
    {
        public const string Collection = "subject_days";
        /// <summary>The subject's document id.</summary>
        public const string Subject = "s";
        /// <summary><c>Keys.Dated(kind, day)</c> for a subject (not a part): a kind's days in a range. Indexed.</summary>
        public const string KindDay = "kd";
        /// <summary><c>Keys.Day</c> of the day counted.</summary>
        public const string Day = "d";
        public const string Counts = "c";

        public static readonly string[] Indexes = [KindDay];
    }

    /// <summary>Lead fields added for subjects and attributes.</summary>
    public static class LeadSubjects
    {
        /// <summary>
        /// <c>Keys.Member(subject group)</c> for every subject the lead is in now, indexed (multikey),
        /// on leads of older files: dropped by the key rewrite (see <see cref="Schema.Segments"/>).
        /// </summary>
        public const string Segments = "seg";

        /// <summary>Indexes older files kept and this version does not: dropped at start, so their pages are reused.</summary>
        public static readonly string[] DroppedIndexes = [Segments];
        /// <summary>Set on a lead whose subjects are already counted while older leads are still being counted at start.</summary>
        public const string Counted = "sc";
    }

    /// <summary>
    /// One document per lead in a subject, keyed <c>Keys.Pair(subject group, lead id)</c>: a
    /// subject's leads are one range of the collection's own index. Written as the events are
    /// listed (see <see cref="EventSubjects.Joined"/>), a batch at a time, not by each ping's
    /// commit; a read adds the leads that joined since and checks each lead's own standing. Keys on
    /// the lead's document cost more: every ping rewrites it, and LiteDB then walks and copies the
    /// page of each of its index keys.
    /// </summary>
    public static class Segments
    {
        public const string Collection = "segments";
        public const string Lead = "l";
    }

    /// <summary>The fields of the progress of counting what was stored before subjects were kept (a document in <see cref="Meta"/>).</summary>
    public static class SubjectCount
    {
        public const string DocumentId = "subjectCount";
        public const string EventsAfter = "events";
        public const string EventsDone = "eventsDone";
        public const string LeadsAfter = "leads";
        public const string LeadsDone = "leadsDone";
    }
}

internal static partial class Schema
{
    /// <summary>Lead attributes kept apart from the snapshot, so leads can be filtered and sorted by them.</summary>
    public static class LeadAttributes
    {
        /// <summary>The lead's country, else its IP's country, cut to a key's length.</summary>
        public const string Country = "ctry";
        /// <summary>Kartra's source, cut.</summary>
        public const string Source = "src";
        /// <summary>date_joined as an instant: the sort by date joined.</summary>
        public const string Joined = "joined";
        /// <summary>The full name cut to a key's length: the sort by name.</summary>
        public const string NameKey = "nm";
        /// <summary>"identifier=value" for each custom field value, cut.</summary>
        public const string Fields = "cf";
        public const string Phone = "phone";
        public const string Company = "company";
        /// <summary>Kartra's blacklisted and lead_deleted flags, stored only when set.</summary>
        public const string Blacklisted = "bl";

        /// <summary>
        /// Indexes on the leads collection for the sorts by spend and score. Country, source, date
        /// joined, name and custom fields are not indexed: every index costs each new lead an
        /// insert, and those filters and sorts are rarer than pings.
        /// </summary>
        public static readonly string[] Indexes = [Leads.Spent, Leads.Score];
    }
}

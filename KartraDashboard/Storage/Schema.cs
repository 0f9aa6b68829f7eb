namespace KartraDashboard.Storage;

/// <summary>
/// The documents of the LiteDB file, declared once: every collection, field and index name that
/// the writer and the readers share. Field names are short because each is stored again in every
/// document, a million times over. Index keys are built by <see cref="Keys"/>; documents are read
/// back into records by <see cref="EventDocs"/>, with the helpers of <see cref="Bson"/>.
/// </summary>
internal static partial class Schema
{
    /// <summary>Every document's key.</summary>
    public const string Id = "_id";

    /// <summary>One document per stored ping, keyed by the event id, which rises with arrival.</summary>
    public static class Events
    {
        public const string Collection = "events";
        /// <summary>Arrival (UTC, to the millisecond); rises with the id, so a date range is an id range found by a binary search.</summary>
        public const string At = "at";
        /// <summary>The action; only in documents written before it was read from <see cref="ActionKey"/> (see <see cref="EventDocs.Action"/>).</summary>
        public const string Action = "action";
        /// <summary>The one-line description the lists show; left out where it is the action's label and the subject (see <see cref="Ingestion.PingSummary.OfSubject"/>).</summary>
        public const string Summary = "summary";
        /// <summary>A purchase sent again: kept, counted nowhere. Stored only when true.</summary>
        public const string Duplicate = "dup";
        /// <summary><c>Keys.Of(action, id)</c>: an action's events in id order. Indexed.</summary>
        public const string ActionKey = "ak";
        /// <summary>The event's number among its action's events: a range's size is the difference of its ends'. Stored as the smallest integer that holds it.</summary>
        public const string ActionOrdinal = "an";
        /// <summary>The lead id; only in documents written before it was read from <see cref="LeadKey"/> (see <see cref="EventDocs.Lead"/>).</summary>
        public const string Lead = "lead";
        public const string Email = "email";
        public const string Name = "name";
        /// <summary>Positive for a sale, negative for a refund.</summary>
        public const string Amount = "amount";
        /// <summary>An amount beyond what counts (see <c>KartraTransaction.AmountRejected</c>). Stored only when set.</summary>
        public const string AmountRejected = "rej";
        /// <summary>Kartra's transaction_date, as an instant.</summary>
        public const string TransactionDate = "txd";
        /// <summary>The body's Content-Type: left out when it is <see cref="UsualContentType"/>, null when the request had none (see <see cref="EventDocs.ContentType"/>).</summary>
        public const string ContentType = "ct";
        public const string UsualContentType = "application/json";
        public const string RemoteAddress = "ip";
        /// <summary>
        /// The forwarding targets, by id, that owed this event when it was stored, if any did: the
        /// event's commit owes their deliveries here, and the sender writes them out after it
        /// (see <c>Ledger.FeedForwards</c>).
        /// </summary>
        public const string Forwards = "fw";
        /// <summary>The quarantined body this event was re-processed from.</summary>
        public const string FromQuarantine = "q";
        /// <summary><c>Keys.Of(lead id, id)</c>: a lead's events in id order. Indexed.</summary>
        public const string LeadKey = "lk";
        /// <summary>The event's number among its lead's events.</summary>
        public const string LeadOrdinal = "ln";
        /// <summary>
        /// The raw body's length in bytes, where the compressed body does not record it (Brotli, as
        /// bodies stored before zstd were), and the body compressed (see <see cref="RawBody"/>).
        /// </summary>
        public const string BodyLength = "len";
        public const string Body = "z";

        public static readonly string[] Indexes = [ActionKey, LeadKey];

        /// <summary>Indexes older files kept and this version does not: dropped at start, so their pages are reused.</summary>
        public static readonly string[] DroppedIndexes = [At, EventSubjects.Key];
    }

    /// <summary>One document per lead id: the latest snapshot, its totals and what its events imply now.</summary>
    public static class Leads
    {
        public const string Collection = "leads";
        /// <summary>First and latest arrival of its pings. <see cref="Last"/> is indexed: the lead list's order.</summary>
        public const string First = "first";
        public const string Last = "last";
        /// <summary>How many events the lead has.</summary>
        public const string Events = "n";
        public const string Spent = "spent";
        public const string Refunded = "refunded";
        /// <summary>The arrival of the ping the snapshot comes from, and the lead object as sent, compressed.</summary>
        public const string SnapshotAt = "snapAt";
        public const string Snapshot = "snap";
        public const string Email = "email";
        public const string Name = "name";
        public const string Gdpr = "gdpr";
        public const string Communications = "comm";
        public const string Score = "score";
        /// <summary><c>Keys.Placed(first arrival, email and name in lower case)</c>, for a match in part. Indexed.</summary>
        public const string Search = "search";
        /// <summary><c>Keys.Member(GDPR status)</c>: a status's leads. Indexed.</summary>
        public const string GdprKey = "gk";
        /// <summary>The email and name the lead had before its latest, for its events that show them (see <see cref="Storage.FormerNames"/>).</summary>
        public const string FormerNames = "was";

        /// <summary>Where the lead stands in each subject with a standing (see <see cref="LeadState"/>), an array each.</summary>
        public const string Tags = "tags";
        public const string Lists = "lists";
        public const string Sequences = "sequences";
        public const string Memberships = "memberships";
        public const string Calendars = "calendars";

        /// <summary>The fields of one item of those arrays.</summary>
        public static class Standing
        {
            public const string Key = "k";
            public const string At = "at";
            public const string State = "state";
            public const string Id = "id";
            public const string Name = "name";
            public const string LevelId = "levelId";
            public const string LevelName = "levelName";
            public const string ClassId = "classId";
            public const string ClassName = "className";
        }

        public static readonly string[] Indexes = [Last, GdprKey, Search];
    }

    /// <summary>One document per stored, non-duplicate transaction, keyed by transaction id and action.</summary>
    public static class Transactions
    {
        public const string Collection = "transactions";
        public const string Event = "event";
        public const string Action = "action";
        /// <summary>Kartra's transaction_type.</summary>
        public const string Type = "type";
        public const string TransactionId = "txid";
        /// <summary>Kartra's transaction_date, else the arrival. Indexed.</summary>
        public const string Date = "date";
        /// <summary><c>Keys.Dated(type, date)</c>: a type's transactions by date. Indexed.</summary>
        public const string TypeKey = "tk";
        /// <summary><c>Keys.Dated(product, date)</c>: a product's transactions by date. Indexed.</summary>
        public const string ProductKey = "pk";
        /// <summary>The lead id. Indexed.</summary>
        public const string Lead = "lead";
        public const string Email = "email";
        /// <summary>The product's id, else its name (see <c>Ledger.ProductKey</c>).</summary>
        public const string Product = "product";
        public const string ProductId = "productId";
        public const string ProductName = "productName";
        public const string Amount = "amount";
        /// <summary>The amounts are beyond what counts: listed, counted in no figure. Stored only when set.</summary>
        public const string AmountRejected = "rej";
        /// <summary>transaction_full_amount, transaction_tax and transaction_shipping as numbers.</summary>
        public const string FullAmount = "full";
        public const string Tax = "tax";
        public const string Shipping = "ship";
        public const string Processor = "processor";
        public const string Affiliate = "affiliate";
        public const string Jv = "jv";
        /// <summary>Every transaction_details field as Kartra sent it, by its own name: compressed JSON (see <see cref="TransactionFieldsPacking"/>), or a document in older files.</summary>
        public const string Fields = "fields";

        public static readonly string[] Indexes = [Date, TypeKey, Lead, ProductKey];
    }

    /// <summary>One <see cref="RevenueTally"/> per day of the dashboard's zone, keyed by <c>Keys.Day</c>.</summary>
    public static class RevenueDays
    {
        public const string Collection = "revenue_days";
        public const string SalesCount = "sc";
        public const string Sales = "s";
        public const string RefundsCount = "rc";
        public const string Refunds = "r";
        public const string Tax = "tax";
        public const string Shipping = "ship";
        public const string Cancellations = "c";
        /// <summary>Transactions by type, as a <see cref="Map"/>.</summary>
        public const string Types = "types";
        /// <summary>Lines per product, processor, and affiliate or JV.</summary>
        public const string Products = "products";
        public const string Processors = "processors";
        public const string Affiliates = "affiliates";

        /// <summary>The fields of one line.</summary>
        public static class Line
        {
            public const string Key = "k";
            public const string Id = "id";
            public const string Name = "n";
            public const string Role = "role";
        }
    }

    /// <summary>New leads per day of first arrival in the dashboard's zone, keyed by <c>Keys.Day</c>.</summary>
    public static class LeadDays
    {
        public const string Collection = "lead_days";
        public const string Count = "n";
    }

    /// <summary>The products seen, keyed by <c>Ledger.ProductKey</c>: few, so a filter can read them all.</summary>
    public static class Products
    {
        public const string Collection = "products";
        public const string ProductId = "id";
        public const string Name = "name";
    }

    /// <summary>Bodies that were not pings, keyed by a number of their own.</summary>
    public static class Quarantine
    {
        public const string Collection = "quarantine";
        public const string At = "at";
        public const string Reason = "reason";
        public const string ContentType = "ct";
        public const string RemoteAddress = "ip";
        public const string BodyLength = "len";
        public const string Body = "z";
        /// <summary>The event it became when re-processed.</summary>
        public const string Event = "event";
    }

    /// <summary>Kept totals, settings and per-action counts, each a document keyed by a name.</summary>
    public static class Meta
    {
        public const string Collection = "meta";
        /// <summary>A setting's value (documents keyed "setting:NAME").</summary>
        public const string Value = "value";
        /// <summary>An action's event count (documents keyed "action:NAME").</summary>
        public const string Count = "n";

        /// <summary>The fields of <see cref="Counters"/>'s document.</summary>
        public static class Counters
        {
            public const string LastEvent = "lastEvent";
            public const string LastQuarantine = "lastQuarantine";
            public const string LastAt = "lastAt";
            public const string Leads = "leads";
            public const string Gdpr = "gdpr";
            public const string Communications = "comm";
            public const string Events = "events";
            public const string Quarantined = "quarantined";
            public const string DeletedLeads = "deletedLeads";
        }

        /// <summary>The progress of a key rewrite: which collection, and the last key done in it.</summary>
        public static class KeyRewrite
        {
            public const string Step = "step";
            public const string After = "after";
        }
    }

    /// <summary>One entry of <see cref="Leads.FormerNames"/> or <see cref="Subjects.FormerNames"/>: the names shown by the events before <see cref="Until"/>.</summary>
    public static class FormerName
    {
        public const string Until = "u";
        public const string Email = "m";
        public const string Name = "n";
    }

    /// <summary>A map of counts stored as an array of these: keys are values, since a field name cannot hold every character.</summary>
    public static class Map
    {
        public const string Key = "k";
        public const string Count = "n";
    }
}

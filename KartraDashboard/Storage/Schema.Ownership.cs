namespace KartraDashboard.Storage;

/// <summary>The documents that erasure, retention and restore add (see <see cref="Ledger"/>'s Erasure and Retention parts).</summary>
internal static partial class Schema
{
    /// <summary>
    /// Event ids that no longer name an event in the middle of the id range: an erased event (one
    /// id, with its action key), or ids skipped by a restore (a range, without one). A list's size
    /// is the difference of its ends' ordinals less the ids gone between them, so every total stays
    /// exact without counting events. Retention removes only the oldest events, which keeps the
    /// ordinals after them contiguous, so it needs none.
    /// </summary>
    public static class GoneIds
    {
        public const string Collection = "gone_ids";
        /// <summary>The last id of the range (the document's key is its first).</summary>
        public const string Last = "last";
        /// <summary><c>Keys.Of(action, id)</c> of an erased event: an action's list subtracts its own. Indexed.</summary>
        public const string ActionKey = "ak";
        /// <summary><c>Keys.Of(subject group, id)</c> of an erased event already in its subject's list (see <see cref="SubjectEvents"/>). Indexed.</summary>
        public const string SubjectKey = "sk";
    }

    /// <summary>The erasure log: one document per lead erased, keyed by a rising number.</summary>
    public static class Erasures
    {
        public const string Collection = "erasures";
        public const string Lead = "lead";
        public const string At = "at";
        public const string Events = "events";
        public const string Transactions = "transactions";
        public const string Quarantined = "quarantined";
    }

    /// <summary>
    /// The leads whose latest ping says Kartra deleted them, keyed by lead id: few, and written
    /// only when a lead is marked or unmarked or a marked lead pings again, so the many pings of
    /// other leads pay for no index of theirs.
    /// </summary>
    public static class DeletedLeads
    {
        public const string Collection = "deleted_leads";
        /// <summary>The lead's latest activity: the list's order, latest first. Indexed.</summary>
        public const string Last = "last";
    }

    /// <summary>What the erasure and retention parts add to the documents of other collections.</summary>
    public static class Ownership
    {
        /// <summary>On a lead whose latest ping says lead_deleted 1: true (see <see cref="DeletedLeads"/>). Absent otherwise.</summary>
        public const string LeadDeleted = "del";

        /// <summary>On an event whose raw body retention removed: true (the body and its length are gone).</summary>
        public const string BodyRemoved = "bodyGone";

        /// <summary>What an erased transaction says instead of its lead id.</summary>
        public const string ErasedLead = "erased";

        /// <summary>Meta documents: how far retention has gone (the last event id whose body it removed).</summary>
        public const string BodiesRemovedThrough = "retention:bodies";

        /// <summary>Indexes the erasure and retention parts read, beside the collections' own.</summary>
        public static readonly (string Collection, string Field)[] Indexes =
        [
            (GoneIds.Collection, GoneIds.ActionKey),
            (GoneIds.Collection, GoneIds.SubjectKey),
            (DeletedLeads.Collection, DeletedLeads.Last),
        ];

        /// <summary>
        /// The personal fields of a transaction's transaction_details, emptied when its lead is
        /// erased; the country and state stay, as do amounts, dates, products and processors.
        /// </summary>
        public static readonly string[] PersonalTransactionFields =
        [
            "buyer_first_name", "buyer_last_name", "buyer_email", "buyer_username", "buyer_id",
            "buyer_billing_phone_country_code", "buyer_billing_phone_number", "buyer_billing_address",
            "buyer_billing_city", "buyer_billing_zip",
            "shipping_first_name", "shipping_last_name", "shipping_address", "shipping_city", "shipping_zip",
        ];
    }
}

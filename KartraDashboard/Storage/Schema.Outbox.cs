namespace KartraDashboard.Storage;

internal static partial class Schema
{
    /// <summary>Where pings are forwarded: few, so they are all read at start and kept in memory by the writer.</summary>
    public static class ForwardTargets
    {
        public const string Collection = "forward_targets";
        public const string Url = "url";
        /// <summary>The actions it takes; absent: all.</summary>
        public const string Actions = "actions";
        public const string Enabled = "on";
        /// <summary>The signing secret, "whsec_" + base64 of 32 bytes: needed to sign, so kept as is.</summary>
        public const string Secret = "secret";
        public const string Created = "created";
        /// <summary>Why it was turned off by an answer (410), when it was.</summary>
        public const string DisabledBy = "offBy";
        /// <summary>
        /// The last event stored before it was created: no earlier event owes it, even one that owed
        /// a deleted target whose id it took (LiteDB hands out the highest id again after a restart).
        /// </summary>
        public const string After = "after";
    }

    /// <summary>Alert rules: few, kept in memory by the writer like the forwarding targets.</summary>
    public static class AlertRules
    {
        public const string Collection = "alert_rules";
        public const string Name = "name";
        public const string Type = "type";
        public const string Actions = "actions";
        public const string Product = "product";
        public const string MinAmount = "min";
        public const string Hours = "hours";
        public const string Every = "every";
        public const string Channel = "channel";
        public const string ChannelType = "type";
        public const string ChannelTo = "to";
        public const string ChannelUrl = "url";
        public const string Enabled = "on";
        public const string Created = "created";
        /// <summary>Silence watchdog: whether the silence was told, the last event id it saw, and when it saw pings last (the watchdog's clock).</summary>
        public const string Silent = "silent";
        public const string SeenEvent = "seen";
        public const string ActiveAt = "activeAt";
        /// <summary>Digest: the last 08:00 a digest was owed for.</summary>
        public const string LastDigest = "lastDigest";
    }

    /// <summary>
    /// The outbox: one document per delivery owed to a forwarding target or an alert rule, keyed by
    /// a number that rises. An alert's is written in the commit that stores its cause; a forwarding
    /// target's is owed by its event (see <see cref="Events.Forwards"/>) and written out after it.
    /// </summary>
    public static class Deliveries
    {
        public const string Collection = "deliveries";
        /// <summary>The destination: <c>Outbox.Destination</c> ("f" or "a" and the target's or rule's id).</summary>
        public const string Destination = "to";
        /// <summary>The event it carries, when it carries one. Indexed: an erased lead's events take their deliveries with them.</summary>
        public const string Event = "event";
        /// <summary>An alert's text, or a test's body, when it carries no event.</summary>
        public const string Text = "text";
        public const string Body = "body";
        public const string ContentType = "ct";
        /// <summary>An event alert's product name, as the ping named it.</summary>
        public const string Product = "product";
        public const string Status = "status";
        public const string Attempts = "n";
        /// <summary>When the next attempt is due (the sender's clock); absent: at once.</summary>
        public const string Due = "due";
        /// <summary>The first attempt's time: the delivery is given up 24 hours after it.</summary>
        public const string FirstAttempt = "first";
        public const string LastAttempt = "last";
        /// <summary>The last answer: its status code (0 for none) and its first characters.</summary>
        public const string LastStatus = "code";
        public const string LastAnswer = "answer";
        /// <summary><c>Keys.Of(destination, id)</c>: kept by older files, no longer written or indexed (see <see cref="DroppedIndexes"/>).</summary>
        public const string DestinationKey = "dk";
        /// <summary><c>Keys.Of(destination + "/" + status, id)</c>: a destination's deliveries of one status by id; the pending ones' first is the head of its queue. Indexed.</summary>
        public const string StatusKey = "sk";

        /// <summary>
        /// A destination's deliveries of every status are its status ranges merged, not an index of
        /// their own: each index costs every delivery, owed in the ping's own commit, an insert.
        /// </summary>
        public static readonly string[] Indexes = [StatusKey, Event];

        /// <summary>Indexes older files kept and this version does not: dropped at start, so their pages are reused.</summary>
        public static readonly string[] DroppedIndexes = [DestinationKey];

        /// <summary>The document of the kept counts of pending and failed deliveries (in <see cref="Meta"/>).</summary>
        public const string CountsId = "outbox";
        public const string Pending = "pending";
        public const string Failed = "failed";
        /// <summary>The last event whose forwarding deliveries are written out as documents; those of later events are owed by the events (see <see cref="Events.Forwards"/>).</summary>
        public const string FedThrough = "fed";
        /// <summary>The last event that owed a forwarding target: past it, there is nothing to write out.</summary>
        public const string OwedThrough = "owed";
    }
}

using System.Text.Json.Serialization;

namespace KartraDashboard.Storage;

/// <summary>Where a delivery goes: a forwarding target ("f") or an alert rule ("a"), by its id.</summary>
public readonly record struct Destination(char Kind, long Id)
{
    public const char Forward = 'f', Alert = 'a';

    public static Destination Target(long id) => new(Forward, id);
    public static Destination Rule(long id) => new(Alert, id);

    public override string ToString() => Kind + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Destination Parse(string s) => new(s[0], long.Parse(s.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture));
}

public static class DeliveryStatus
{
    public const string Pending = "pending", Delivered = "delivered", Failed = "failed";

    /// <summary>Every status, in the order a delivery moves through them: pending, then delivered or failed for good.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed];
}

/// <summary>A forwarding target as the API shows it: never with its secret, which is shown once, on creation.</summary>
public sealed record ForwardTarget(string Id, string Url, IReadOnlyList<string>? Actions, bool Enabled)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Secret { get; init; }
    /// <summary>Why the target was turned off by an answer it gave (410 Gone).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DisabledBy { get; init; }
    public DateTimeOffset Created { get; init; }
}

public sealed record AlertChannel(string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url);

public static class AlertTypes
{
    public const string Event = "event", Silence = "silence", Digest = "digest";
    public const string Day = "day", Week = "week";
}

public static class ChannelTypes
{
    public const string Email = "email", Slack = "slack", Discord = "discord", Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Email, Slack, Discord, Webhook];
}

/// <summary>An alert rule; which fields it has depends on its type.</summary>
public sealed record AlertRule(string Id, string Name, string Type, AlertChannel Channel, bool Enabled)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Actions { get; init; }
    public string? Product { get; init; }
    public decimal? MinAmount { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Hours { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Every { get; init; }
    public DateTimeOffset Created { get; init; }
}

/// <summary>One delivery in a destination's log: how many attempts it took and the last answer.</summary>
public sealed record Delivery(
    string Id,
    string? EventId,
    string Status,
    int Attempts,
    DateTimeOffset? LastAttempt,
    int? LastStatus,
    string? LastAnswer,
    DateTimeOffset? NextAttempt);

/// <summary>The numbers of deliveries waiting to be made and given up, kept on write.</summary>
public sealed record OutboxCounts(long Pending, long Failed);

/// <summary>What one attempt at a delivery came to, written by the sender through the writer.</summary>
public sealed record AttemptResult(long DeliveryId, DateTime At, int StatusCode, string Answer)
{
    /// <summary>Set for a 2xx answer.</summary>
    public bool Delivered { get; init; }
    /// <summary>When set, the next attempt's time; else (not delivered) the delivery is given up.</summary>
    public DateTime? RetryAt { get; init; }
    /// <summary>Set for a 410 answer from a forwarding target: it is turned off.</summary>
    public bool DisableTarget { get; init; }
}

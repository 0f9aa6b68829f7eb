using System.Text.Json;
using KartraDashboard.Ingestion;

namespace KartraDashboard.Storage;

/// <summary>A body as it arrived at the webhook, with what the parser made of it.</summary>
public sealed record IncomingPing(byte[] Body, string? ContentType, string? RemoteAddress, PingParseResult Parsed)
{
    /// <summary>The body compressed for storage, on the request's thread rather than the writer's.</summary>
    public byte[] Packed { get; } = RawBody.Compress(Body);

    /// <summary>The lead object as sent, compressed: it is rewritten with every ping of the lead.</summary>
    public byte[]? PackedLead { get; } = Parsed.Ping is { } ping ? RawBody.Compress(JsonSerializer.SerializeToUtf8Bytes(ping.Lead.Snapshot)) : null;

    /// <summary>
    /// The transaction's fields as Kartra sent them, compressed: only shown and exported, never
    /// summed (the figures kept for sums are stored apart), and forty-odd long names each.
    /// </summary>
    public byte[]? PackedTransaction { get; } = Parsed.Ping?.Transaction is { } tx ? TransactionFieldsPacking.Pack(tx.Fields) : null;

    /// <summary>Set when a quarantined body is run through the parser again: it keeps its first arrival.</summary>
    public DateTime? ReceivedAt { get; init; }
    public long? FromQuarantine { get; init; }
}

/// <summary>What the writer did with a ping: stored it as an event, or kept it in quarantine with the reason.</summary>
public sealed record WriteResult(EventItem? Event, long? QuarantineId, string? Error);

public enum ReprocessStatus { Stored, StillNotAPing, AlreadyDone, NotFound, Unavailable }

/// <summary>What running a quarantined body through the parser again came to.</summary>
public sealed record ReprocessOutcome(ReprocessStatus Status, EventItem? Event, string Message)
{
    public static ReprocessOutcome Stored(EventItem e) => new(ReprocessStatus.Stored, e, $"Re-processed as event {e.Id}.");
    public static ReprocessOutcome StillNotAPing(string reason) => new(ReprocessStatus.StillNotAPing, null, reason);
    public static ReprocessOutcome AlreadyDone(long eventId) => new(ReprocessStatus.AlreadyDone, null, $"This body was already re-processed as event {eventId}.");
    public static ReprocessOutcome NotFound(long id) => new(ReprocessStatus.NotFound, null, $"There is no quarantined body {id}.");
    public static ReprocessOutcome Unavailable(string why) => new(ReprocessStatus.Unavailable, null, why);
}

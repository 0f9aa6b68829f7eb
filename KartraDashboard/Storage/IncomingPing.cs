using KartraDashboard.Ingestion;

namespace KartraDashboard.Storage;

/// <summary>A body as it arrived at the webhook, with what the parser made of it.</summary>
public sealed record IncomingPing(byte[] Body, string? ContentType, string? RemoteAddress, PingParseResult Parsed)
{
    /// <summary>The body compressed for storage, on the request's thread rather than the writer's.</summary>
    public byte[] Packed { get; } = RawBody.Compress(Body);

    /// <summary>Set when a quarantined body is run through the parser again: it keeps its first arrival.</summary>
    public DateTime? ReceivedAt { get; init; }
    public long? FromQuarantine { get; init; }
}

/// <summary>What the writer did with a ping: stored it as an event, or kept it in quarantine with the reason.</summary>
public sealed record WriteResult(EventItem? Event, long? QuarantineId, string? Error);

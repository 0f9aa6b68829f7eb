using KartraDashboard.Storage;

namespace KartraDashboard.Components.Pages.Timeline;

/// <summary>What the timeline is narrowed to, applied both to store reads and to events that arrive live.</summary>
public sealed record TimelineFilter(IReadOnlySet<string> Actions, string? Lead, DateTimeOffset? From, DateTimeOffset? To)
{
    public static IReadOnlySet<string> ParseActions(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Only events about this subject.</summary>
    public (string Kind, string Id)? Subject { get; init; }

    public bool IsEmpty => Actions.Count == 0 && string.IsNullOrWhiteSpace(Lead) && From is null && To is null && Subject is null;

    /// <summary>The same rule the store applies: the action is one of the chosen; the lead is the id exactly, or its email or name contains the text.</summary>
    public bool Matches(EventItem e)
    {
        if (Actions.Count > 0 && !Actions.Contains(e.Action)) return false;
        if (Subject is { } about && (e.Subject?.Kind != about.Kind || e.Subject?.Id != about.Id)) return false;
        if (From is { } from && e.ReceivedAt < from) return false;
        if (To is { } to && e.ReceivedAt > to) return false;
        if (string.IsNullOrWhiteSpace(Lead)) return true;
        var lead = Lead.Trim();
        return e.LeadId == lead
               || (e.LeadEmail?.Contains(lead, StringComparison.OrdinalIgnoreCase) ?? false)
               || (e.LeadName?.Contains(lead, StringComparison.OrdinalIgnoreCase) ?? false);
    }

    public EventQuery Query(long? before, int take) => new()
    {
        Actions = Actions, Lead = string.IsNullOrWhiteSpace(Lead) ? null : Lead.Trim(), From = From, To = To, Before = before, Take = take,
        Subject = Subject,
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace KartraDashboard.Ingestion;

/// <summary>A membership level or a calendar class inside a subject.</summary>
public sealed record SubjectPart(string Id, string? Name);

/// <summary>
/// What an event is about, as the outside contract names it: the kind (<see cref="SubjectKinds"/>),
/// Kartra's id as text and the name sent with it; memberships and calendars add the level or class.
/// </summary>
public sealed record EventSubject(string Kind, string Id, string? Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public SubjectPart? Part { get; init; }

    /// <summary>The most characters of a name kept for showing.</summary>
    public const int MaxShownLength = 1000;

    /// <summary>The kinds whose subjects a lead is in or out of now, and the state that means "in".</summary>
    public static readonly IReadOnlyDictionary<string, string> InState = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SubjectKinds.Tag] = Standings.Assigned,
        [SubjectKinds.List] = Standings.Subscribed,
        [SubjectKinds.Sequence] = Standings.Subscribed,
        [SubjectKinds.Membership] = Standings.Granted,
        [SubjectKinds.Calendar] = Standings.Booked,
    };

    /// <summary>Every kind, in the order the reports list them.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        SubjectKinds.Tag, SubjectKinds.List, SubjectKinds.Form, SubjectKinds.Sequence, SubjectKinds.Product,
        SubjectKinds.Membership, SubjectKinds.Calendar, SubjectKinds.Video, SubjectKinds.Page, SubjectKinds.TrackingLink,
        SubjectKinds.SplitTestLink, SubjectKinds.AffiliateProgram, SubjectKinds.JvProgram, SubjectKinds.Score,
    ];

    /// <summary>The actions that count for a kind, in the catalog's order.</summary>
    public static IReadOnlyList<string> ActionsOf(string kind) =>
        ActionCatalog.All.Where(a => a.Subject?.Kind == kind).Select(a => a.Name).ToList();

    /// <summary>What the ping is about, or null when its action has no subject or the ping sends no id for it.</summary>
    public static EventSubject? Of(KartraPing ping)
    {
        if (ActionCatalog.Find(ping.Action)?.Subject is not { } source) return null;
        if (source.Kind == SubjectKinds.Score)
        {
            if (ping.Points is not { } points) return null;
            var text = points.ToString(CultureInfo.InvariantCulture);
            return new EventSubject(SubjectKinds.Score, text, text + " points");
        }
        if (ping.Subject is not { Id: { } id } s) return null;
        var name = source.PreferredNameKey is not null ? s.OfficialName ?? s.Name : s.Name;
        var (partId, partName) = source.Kind switch
        {
            SubjectKinds.Membership => (s.LevelId, s.LevelName),
            SubjectKinds.Calendar => (s.ClassId, s.ClassName),
            _ => (null, null),
        };
        return new EventSubject(source.Kind, Shown(id)!, Shown(name))
        {
            Part = partId is null ? null : new SubjectPart(Shown(partId)!, Shown(partName)),
        };
    }

    private static string? Shown(string? text) => text is { Length: > MaxShownLength } ? text[..MaxShownLength] : text;

    /// <summary>Reads the <c>KIND:ID</c> of a subject filter, or says why it is not one.</summary>
    public static bool TryParseFilter(string? text, out (string Kind, string Id)? subject, [NotNullWhen(false)] out string? error)
    {
        subject = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text.Trim() : text[..colon].Trim();
        var id = colon < 0 ? "" : text[(colon + 1)..].Trim();
        if (!Kinds.Contains(kind) || id.Length == 0)
        {
            error = $"'subject' must be KIND:ID with KIND one of {string.Join(", ", Kinds)}, not '{text}'.";
            return false;
        }
        subject = (kind, id);
        return true;
    }
}

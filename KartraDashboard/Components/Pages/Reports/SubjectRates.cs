using KartraDashboard.Ingestion;

namespace KartraDashboard.Components.Pages.Reports;

/// <summary>The one rate a kind of subject has where a rate means something: one action's count over another's.</summary>
public sealed record SubjectRate(string Label, string Part, string Whole)
{
    private static readonly Dictionary<string, SubjectRate> ByKind = new(StringComparer.Ordinal)
    {
        [SubjectKinds.Sequence] = new("Completed", "sequence_completion", "sequence_subscription"),
        [SubjectKinds.Video] = new("Watched to the end", "video_complete", "video_play"),
        [SubjectKinds.Calendar] = new("Attended", "calendar_complete", "calendar_subscribe"),
        [SubjectKinds.List] = new("Unsubscribed", "list_unsubscription", "list_subscription"),
    };

    public static SubjectRate? Of(string kind) => ByKind.GetValueOrDefault(kind);

    /// <summary>The rate for these counts, or null when the whole is none.</summary>
    public double? Value(IReadOnlyDictionary<string, long> counts) =>
        counts.GetValueOrDefault(Whole) is > 0 and var whole ? counts.GetValueOrDefault(Part) / (double)whole : null;
}

/// <summary>How the reports name kinds and link to a subject's leads and events.</summary>
public static class SubjectLinks
{
    public static string KindLabel(string kind) => kind switch
    {
        SubjectKinds.Tag => "Tags",
        SubjectKinds.List => "Lists",
        SubjectKinds.Form => "Forms",
        SubjectKinds.Sequence => "Sequences",
        SubjectKinds.Product => "Products",
        SubjectKinds.Membership => "Memberships",
        SubjectKinds.Calendar => "Calendars",
        SubjectKinds.Video => "Videos",
        SubjectKinds.Page => "Pages",
        SubjectKinds.TrackingLink => "Tracking links",
        SubjectKinds.SplitTestLink => "Split test links",
        SubjectKinds.AffiliateProgram => "Affiliate programs",
        SubjectKinds.JvProgram => "JV programs",
        SubjectKinds.Score => "Scores",
        _ => kind,
    };

    public static string Report(string kind, string id) => $"/reports/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(id)}";

    /// <summary>The leads in the subject now, for kinds a lead is in or out of; null for the others.</summary>
    public static string? Leads(string kind, string id) =>
        EventSubject.InState.ContainsKey(kind) ? $"/leads?{kind}={Uri.EscapeDataString(id)}" : null;

    public static string Timeline(string kind, string id) => $"/timeline?subject={Uri.EscapeDataString(kind + ":" + id)}";

    public static string Action(string action) => ActionCatalog.Of(action).Label;
}

using MudBlazor;

namespace KartraDashboard.Ingestion;

/// <summary>How the dashboard groups actions in filters and charts; filters list the groups in this order.</summary>
public enum ActionGroup
{
    Lists,
    Tags,
    Forms,
    Sequences,
    Sales,
    Memberships,
    Media,
    PagesAndLinks,
    Calendars,
    Affiliates,
    Other,
}

/// <summary>What an event is about, by kind: the names the outside contract gives them.</summary>
public static class SubjectKinds
{
    public const string Tag = "tag";
    public const string List = "list";
    public const string Form = "form";
    public const string Sequence = "sequence";
    public const string TrackingLink = "tracking_link";
    public const string SplitTestLink = "split_test_link";
    public const string Product = "product";
    public const string Video = "video";
    public const string Page = "page";
    public const string Membership = "membership";
    public const string Calendar = "calendar";
    public const string AffiliateProgram = "affiliate_program";
    public const string JvProgram = "jv_program";
    public const string Score = "score";
}

/// <summary>Where a lead stands in a tag, list, sequence, membership level or calendar class after an action.</summary>
public static class Standings
{
    public const string Assigned = "assigned";
    public const string Removed = "removed";
    public const string Subscribed = "subscribed";
    public const string Unsubscribed = "unsubscribed";
    public const string Completed = "completed";
    public const string Granted = "granted";
    public const string Revoked = "revoked";
    public const string Booked = "booked";
    public const string Attended = "attended";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// Where an action's subject sits in <c>action_details</c>: the object under <see cref="Holder"/>
/// (null: directly under action_details) and the keys of its id and name in that object.
/// </summary>
public sealed record SubjectSource(string Kind, string? Holder, string IdKey, string? NameKey)
{
    /// <summary>Another object the subject may sit under, read before <see cref="Holder"/>.</summary>
    public string? OtherHolder { get; init; }
    /// <summary>Keys read when <see cref="IdKey"/> or <see cref="NameKey"/> are absent.</summary>
    public string? OtherIdKey { get; init; }
    public string? OtherNameKey { get; init; }
    /// <summary>A name preferred to <see cref="NameKey"/> when present (a program's official product name).</summary>
    public string? PreferredNameKey { get; init; }
    /// <summary>The membership level or calendar class inside the subject.</summary>
    public string? PartIdKey { get; init; }
    public string? PartNameKey { get; init; }
}

/// <summary>
/// One Kartra action and everything the dashboard knows about it: how it is grouped, named and
/// coloured, what it is about, the transaction it carries and what it does to the lead's standing.
/// </summary>
public sealed record KartraAction(
    string Name,
    ActionGroup Group,
    string Label,
    Color Color,
    SubjectSource? Subject,
    string? TransactionType = null,
    string? Standing = null)
{
    /// <summary>False for an action Kartra does not document; it gets the generic entry.</summary>
    public bool IsDocumented { get; init; } = true;
}

/// <summary>
/// The 25 actions Kartra documents for its outbound API: the one place that says what each means.
/// Any other action string is accepted and gets a generic entry.
/// </summary>
public static class ActionCatalog
{
    public const string TransactionDetails = "transaction_details";

    private static readonly SubjectSource List = new(SubjectKinds.List, "list", "list_id", "list_name");
    private static readonly SubjectSource Tag = new(SubjectKinds.Tag, "tag", "tag_id", "tag_name");
    // Kartra documents the form's id and name under "tag"; "form" is read first in case that is
    // fixed, and a form sent with a tag's keys is still read.
    private static readonly SubjectSource Form = new(SubjectKinds.Form, "tag", "form_id", "form_name")
    {
        OtherHolder = "form", OtherIdKey = "tag_id", OtherNameKey = "tag_name",
    };
    private static readonly SubjectSource Sequence = new(SubjectKinds.Sequence, "sequence", "sequence_id", "sequence_name");
    private static readonly SubjectSource TrackingLink = new(SubjectKinds.TrackingLink, "tracking_link", "tracking_link_id", "tracking_link_name");
    private static readonly SubjectSource SplitTestLink =
        new(SubjectKinds.SplitTestLink, "page_split_test_link", "page_split_test_link_id", "page_split_test_link_name");
    private static readonly SubjectSource Product = new(SubjectKinds.Product, TransactionDetails, "product_id", "product_name");
    private static readonly SubjectSource Video = new(SubjectKinds.Video, "video", "video_id", "video_name");
    private static readonly SubjectSource Page = new(SubjectKinds.Page, "kartra_page", "kartra_page_id", "kartra_page_name");
    private static readonly SubjectSource Membership = new(SubjectKinds.Membership, "membership", "membership_id", "membership_name")
    {
        PartIdKey = "level_id", PartNameKey = "level_name",
    };
    private static readonly SubjectSource Calendar = new(SubjectKinds.Calendar, "calendar", "calendar_id", "calendar_name")
    {
        PartIdKey = "class_id", PartNameKey = "class_name",
    };
    private static readonly SubjectSource AffiliateProgram = new(SubjectKinds.AffiliateProgram, "product", "product_id", "product_name")
    {
        PreferredNameKey = "official_product_name",
    };
    private static readonly SubjectSource JvProgram = AffiliateProgram with { Kind = SubjectKinds.JvProgram };
    // The points reached are the subject's id; its name is "N points".
    private static readonly SubjectSource Score = new(SubjectKinds.Score, null, "points", null);

    public static readonly IReadOnlyList<KartraAction> All =
    [
        new("list_subscription", ActionGroup.Lists, "Subscribed to list", Color.Primary, List, Standing: Standings.Subscribed),
        new("list_unsubscription", ActionGroup.Lists, "Unsubscribed from list", Color.Error, List, Standing: Standings.Unsubscribed),
        new("assign_tag", ActionGroup.Tags, "Tag assigned", Color.Secondary, Tag, Standing: Standings.Assigned),
        new("unassign_tag", ActionGroup.Tags, "Tag removed", Color.Error, Tag, Standing: Standings.Removed),
        new("filled_form", ActionGroup.Forms, "Filled form", Color.Secondary, Form),
        new("sequence_subscription", ActionGroup.Sequences, "Subscribed to sequence", Color.Primary, Sequence, Standing: Standings.Subscribed),
        new("sequence_unsubscription", ActionGroup.Sequences, "Unsubscribed from sequence", Color.Error, Sequence, Standing: Standings.Unsubscribed),
        new("sequence_completion", ActionGroup.Sequences, "Completed sequence", Color.Primary, Sequence, Standing: Standings.Completed),
        new("click_tracking_link", ActionGroup.PagesAndLinks, "Clicked tracking link", Color.Tertiary, TrackingLink),
        new("click_page_split_test_link", ActionGroup.PagesAndLinks, "Clicked split test link", Color.Tertiary, SplitTestLink),
        new("buy_product", ActionGroup.Sales, "Bought", Color.Success, Product, TransactionTypes.Sale),
        new("refund_product", ActionGroup.Sales, "Refunded", Color.Error, Product, TransactionTypes.Refund),
        new("partial_refund_product", ActionGroup.Sales, "Partially refunded", Color.Error, Product, TransactionTypes.PartialRefund),
        new("cancel_subscription", ActionGroup.Sales, "Cancelled subscription", Color.Error, Product, TransactionTypes.Cancellation),
        new("video_play", ActionGroup.Media, "Played video", Color.Tertiary, Video),
        new("video_complete", ActionGroup.Media, "Completed video", Color.Tertiary, Video),
        new("reaches_score", ActionGroup.Other, "Reached score", Color.Default, Score),
        new("membership_granted", ActionGroup.Memberships, "Membership granted", Color.Info, Membership, Standing: Standings.Granted),
        new("membership_revoked", ActionGroup.Memberships, "Membership revoked", Color.Error, Membership, Standing: Standings.Revoked),
        new("affiliate_signup", ActionGroup.Affiliates, "Signed up as affiliate", Color.Warning, AffiliateProgram),
        new("jv_signup", ActionGroup.Affiliates, "Signed up as JV", Color.Warning, JvProgram),
        new("kartra_page_visit", ActionGroup.PagesAndLinks, "Visited page", Color.Tertiary, Page),
        new("calendar_subscribe", ActionGroup.Calendars, "Booked class", Color.Info, Calendar, Standing: Standings.Booked),
        new("calendar_complete", ActionGroup.Calendars, "Attended class", Color.Info, Calendar, Standing: Standings.Attended),
        new("calendar_cancel", ActionGroup.Calendars, "Cancelled class", Color.Error, Calendar, Standing: Standings.Cancelled),
    ];

    private static readonly Dictionary<string, KartraAction> ByName =
        All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The documented action of that name, or null for one Kartra does not document.</summary>
    public static KartraAction? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The documented action of that name, or the generic entry: its name as words, no subject, no effect.</summary>
    public static KartraAction Of(string name) =>
        Find(name) ?? new KartraAction(name, ActionGroup.Other, name.Replace('_', ' '), Color.Default, null) { IsDocumented = false };

    /// <summary>The documented actions by group, in the order filters list them.</summary>
    public static IEnumerable<IGrouping<ActionGroup, KartraAction>> Grouped => All.GroupBy(a => a.Group).OrderBy(g => g.Key);

    public static string GroupLabel(ActionGroup group) => group switch
    {
        ActionGroup.PagesAndLinks => "Pages and links",
        _ => group.ToString(),
    };
}

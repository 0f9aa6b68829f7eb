namespace KartraDashboard.Ingestion;

/// <summary>How the dashboard groups actions in filters and charts.</summary>
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

/// <summary>
/// One documented Kartra action: its wire name, the key under <c>action_details</c> that
/// holds its subject (null where it has none), and the words the dashboard uses for it.
/// </summary>
public sealed record KartraAction(string Name, ActionGroup Group, string? DetailsKey, string Label);

/// <summary>The 25 actions Kartra documents for its outbound API.</summary>
public static class KartraActions
{
    public static readonly IReadOnlyList<KartraAction> All =
    [
        new("list_subscription", ActionGroup.Lists, "list", "Subscribed to list"),
        new("list_unsubscription", ActionGroup.Lists, "list", "Unsubscribed from list"),
        new("assign_tag", ActionGroup.Tags, "tag", "Tag assigned"),
        new("unassign_tag", ActionGroup.Tags, "tag", "Tag removed"),
        // Kartra documents the form's id and name under "tag", not "form".
        new("filled_form", ActionGroup.Forms, "tag", "Filled form"),
        new("sequence_subscription", ActionGroup.Sequences, "sequence", "Subscribed to sequence"),
        new("sequence_unsubscription", ActionGroup.Sequences, "sequence", "Unsubscribed from sequence"),
        new("sequence_completion", ActionGroup.Sequences, "sequence", "Completed sequence"),
        new("click_tracking_link", ActionGroup.PagesAndLinks, "tracking_link", "Clicked tracking link"),
        new("click_page_split_test_link", ActionGroup.PagesAndLinks, "page_split_test_link", "Clicked split test link"),
        new("buy_product", ActionGroup.Sales, "transaction_details", "Bought"),
        new("refund_product", ActionGroup.Sales, "transaction_details", "Refunded"),
        new("partial_refund_product", ActionGroup.Sales, "transaction_details", "Partially refunded"),
        new("cancel_subscription", ActionGroup.Sales, "transaction_details", "Cancelled subscription"),
        new("video_play", ActionGroup.Media, "video", "Played video"),
        new("video_complete", ActionGroup.Media, "video", "Completed video"),
        new("reaches_score", ActionGroup.Other, null, "Reached score"),
        new("membership_granted", ActionGroup.Memberships, "membership", "Membership granted"),
        new("membership_revoked", ActionGroup.Memberships, "membership", "Membership revoked"),
        new("affiliate_signup", ActionGroup.Affiliates, "product", "Signed up as affiliate"),
        new("jv_signup", ActionGroup.Affiliates, "product", "Signed up as JV"),
        new("kartra_page_visit", ActionGroup.PagesAndLinks, "kartra_page", "Visited page"),
        new("calendar_subscribe", ActionGroup.Calendars, "calendar", "Booked class"),
        new("calendar_complete", ActionGroup.Calendars, "calendar", "Attended class"),
        new("calendar_cancel", ActionGroup.Calendars, "calendar", "Cancelled class"),
    ];

    private static readonly Dictionary<string, KartraAction> ByName =
        All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The documented action of that name, or null for one Kartra does not document.</summary>
    public static KartraAction? Find(string name) => ByName.GetValueOrDefault(name);

    public static string LabelOf(string name) => Find(name)?.Label ?? name.Replace('_', ' ');

    public static ActionGroup GroupOf(string name) => Find(name)?.Group ?? ActionGroup.Other;

    public static string GroupLabel(ActionGroup group) => group switch
    {
        ActionGroup.PagesAndLinks => "Pages and links",
        _ => group.ToString(),
    };
}

using KartraDashboard.Ingestion;
using MudBlazor;

namespace KartraDashboard.Components.Shared;

/// <summary>How an action looks wherever events are listed or filtered.</summary>
public static class ActionStyle
{
    public static Color ColorOf(string action) => action switch
    {
        "refund_product" or "partial_refund_product" or "cancel_subscription" or "unassign_tag" or "list_unsubscription"
            or "sequence_unsubscription" or "membership_revoked" or "calendar_cancel" => Color.Error,
        _ => KartraActions.GroupOf(action) switch
        {
            ActionGroup.Sales => Color.Success,
            ActionGroup.Lists or ActionGroup.Sequences => Color.Primary,
            ActionGroup.Tags or ActionGroup.Forms => Color.Secondary,
            ActionGroup.Memberships or ActionGroup.Calendars => Color.Info,
            ActionGroup.Affiliates => Color.Warning,
            ActionGroup.Media or ActionGroup.PagesAndLinks => Color.Tertiary,
            _ => Color.Default,
        },
    };

    /// <summary>The documented actions by group, in the order filters list them.</summary>
    public static IEnumerable<IGrouping<ActionGroup, KartraAction>> Grouped =>
        KartraActions.All.GroupBy(a => a.Group).OrderBy(g => g.Key);
}

namespace KartraDashboard.Outbox;

/// <summary>What a forwarding target or an alert channel is checked for, by the API and the pages alike.</summary>
public static class DestinationChecks
{
    /// <summary>An http or https address with a host, the only kind a delivery can be made to.</summary>
    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    /// <summary>Actions as given: null for all, else each a non-empty string.</summary>
    public static bool TryActions(IReadOnlyList<string?>? actions, out IReadOnlyList<string>? result, out string? error)
    {
        result = null;
        error = null;
        if (actions is null) return true;
        if (actions.Count == 0 || actions.Any(string.IsNullOrWhiteSpace))
        {
            error = "'actions' must be null (every action) or a list of action names, such as [\"buy_product\"].";
            return false;
        }
        result = actions.Select(a => a!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return true;
    }
}

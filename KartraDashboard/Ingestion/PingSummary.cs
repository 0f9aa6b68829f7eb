using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KartraDashboard.Ingestion;

/// <summary>
/// The one-line English description an event shows ("Tag assigned: VIP"). Most events' line is
/// their action's label and their subject, which the store keeps anyway: such a line is worked
/// out again when read (<see cref="OfSubject"/>), and only the others are stored.
/// </summary>
internal static class PingSummary
{
    private const int MaxNameLength = 200;

    /// <summary>The line of a parsed ping.</summary>
    public static string Of(string action, KartraAction? documented, PingSubject? subject, int? points,
        KartraTransaction? transaction, JsonObject? details)
    {
        var label = Clean(ActionCatalog.Of(action).Label);
        // A transaction speaks for sales (and unknown actions and scores); elsewhere the documented subject says more.
        if (transaction is not null && documented?.Subject?.Holder is null or ActionCatalog.TransactionDetails)
            return label + TransactionText(transaction);
        if (documented is null) return Join(label, SeenName(details));
        if (documented.Subject?.Kind == SubjectKinds.Score) return Join(label, points?.ToString(CultureInfo.InvariantCulture));
        if (subject is null) return label;

        var name = subject.Name ?? subject.OfficialName ?? (subject.Id is { } id ? "#" + id : null);
        var text = documented.Subject!.Kind switch
        {
            SubjectKinds.Membership when (subject.LevelName ?? subject.LevelId) is { } level =>
                name is null ? $"level {Clean(level)}" : $"{Clean(name)} ({Clean(level)})",
            SubjectKinds.Calendar when subject.ClassName is { } cls =>
                name is null ? Clean(cls) : $"{Clean(cls)} in {Clean(name)}",
            _ => name is null ? null : Clean(name),
        };
        return Join(label, text);
    }

    private static string TransactionText(KartraTransaction t)
    {
        var product = t.ProductName ?? (t.ProductId is { } id ? "product #" + id : null);
        // Refunds show the amount given back as a positive number; the sign lives in SignedAmount.
        var amount = t.Type == TransactionTypes.Cancellation || t.FullAmount is not { } a
            ? null
            : Math.Abs(a).ToString("0.00##", CultureInfo.InvariantCulture);
        return (product, amount) switch
        {
            ({ } p, { } m) => $": {Clean(p)} for {m}",
            ({ } p, null) => $": {Clean(p)}",
            (null, { } m) => $" for {m}",
            _ => "",
        };
    }

    /// <summary>For actions Kartra does not document: the first "*_name" found, so the line still says what it was about.</summary>
    private static string? SeenName(JsonObject? details)
    {
        if (details is null) return null;
        foreach (var (key, value) in details)
            if (key.EndsWith("_name", StringComparison.Ordinal) && Lenient.Text(value) is { } name) return name;
        foreach (var (_, value) in details)
            if (value is JsonObject inner)
                foreach (var (key, v) in inner)
                    if (key.EndsWith("_name", StringComparison.Ordinal) && Lenient.Text(v) is { } name) return name;
        return null;
    }

    private static string Join(string label, string? text) => text is null ? label : $"{label}: {Clean(text)}";

    /// <summary>One line of plain text: control characters and runs of whitespace collapse, long names are cut.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxNameLength + 1));
        foreach (var c in text)
        {
            var ch = char.IsWhiteSpace(c) || char.IsControl(c) ? ' ' : c;
            if (ch == ' ' && (sb.Length == 0 || sb[^1] == ' ')) continue;
            sb.Append(ch);
            if (sb.Length > MaxNameLength) break;
        }
        var s = sb.ToString().TrimEnd();
        if (s.Length <= MaxNameLength) return s;
        var cut = MaxNameLength - 1;
        if (char.IsHighSurrogate(s[cut - 1])) cut--;
        return s[..cut] + "…";
    }

    /// <summary>
    /// The line of an event of this action about this stored subject, when its line says no more:
    /// the same as <see cref="Of"/> gives for most pings of the documented actions (the store checks
    /// it is, before leaving the line out).
    /// </summary>
    public static string OfSubject(string action, EventSubject? subject)
    {
        var label = Clean(ActionCatalog.Of(action).Label);
        if (subject is null) return label;
        var name = subject.Name ?? "#" + subject.Id;
        var text = subject.Kind switch
        {
            SubjectKinds.Membership when subject.Part is { } level => $"{Clean(name)} ({Clean(level.Name ?? level.Id)})",
            SubjectKinds.Calendar when subject.Part?.Name is { } cls => $"{Clean(cls)} in {Clean(name)}",
            _ => Clean(name),
        };
        return $"{label}: {text}";
    }
}

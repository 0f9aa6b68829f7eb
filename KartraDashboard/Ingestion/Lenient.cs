using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Ingestion;

/// <summary>
/// Reads JSON values the way Kartra actually sends them: numbers as strings and strings as numbers,
/// with "N/A" and "" meaning nothing was there.
/// </summary>
internal static class Lenient
{
    // Readable text for nested values kept as text; they are shown to people, not embedded in HTML.
    private static readonly JsonSerializerOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The value exactly as written: strings unchanged, numbers with their original digits, nested values as JSON.</summary>
    public static string? Raw(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.ToJsonString(Writer),
        },
        _ => node.ToJsonString(Writer),
    };

    /// <summary>
    /// A scalar as trimmed text, or null when absent, empty, "N/A", or not a scalar; with its
    /// direction overrides neutralised (<see cref="Bidi.Neutralise"/>), since such text is shown.
    /// </summary>
    public static string? Text(JsonNode? node)
    {
        if (node is not JsonValue) return null;
        var s = Raw(node) is { } raw ? Bidi.Neutralise(raw).Trim() : null;
        return string.IsNullOrEmpty(s) || s.Equals("N/A", StringComparison.OrdinalIgnoreCase) ? null : s;
    }

    /// <summary>An identifier as text; Kartra uses 0 for "none".</summary>
    public static string? Id(JsonNode? node)
    {
        var s = Text(node);
        return s is null || (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == 0) ? null : s;
    }

    // Amounts go through decimal, never double, so "97.10" stays exactly 97.10.
    public static decimal? Decimal(JsonNode? node) =>
        Text(node) is { } s && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static int? Int(JsonNode? node) =>
        Decimal(node) is { } d && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    public static long? Long(JsonNode? node) =>
        Decimal(node) is { } d && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;
}

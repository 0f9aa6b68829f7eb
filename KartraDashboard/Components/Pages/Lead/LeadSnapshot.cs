using System.Globalization;
using System.Text.Json.Nodes;

namespace KartraDashboard.Components.Pages.Lead;

/// <summary>Turns a lead's snapshot (Kartra's lead object as last received) into rows a person can read.</summary>
public static class LeadSnapshot
{
    public sealed record Row(string Key, string Label, string Value);

    public static IReadOnlyList<Row> Fields(JsonObject snapshot) =>
        snapshot.Where(p => p.Key != "custom_fields")
            .Select(p => new Row(p.Key, Humanize(p.Key), Text(p.Value)))
            .ToList();

    /// <summary>Custom fields by identifier, their values joined (a checkbox field sends a list of options).</summary>
    public static IReadOnlyList<Row> CustomFields(JsonObject snapshot)
    {
        if (snapshot["custom_fields"] is not JsonArray fields) return [];
        var rows = new List<Row>();
        foreach (var field in fields.OfType<JsonObject>())
        {
            var id = Text(field["field_identifier"]);
            if (id.Length == 0) id = Text(field["field_id"]);
            rows.Add(new Row(id, id, FieldValue(field["field_value"])));
        }
        return rows;
    }

    private static string FieldValue(JsonNode? value) => value switch
    {
        JsonArray options => string.Join(", ", options.Select(o => o is JsonObject opt ? Text(opt["option_value"] ?? opt["option_id"]) : Text(o)).Where(s => s.Length > 0)),
        _ => Text(value),
    };

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "yes" : "no",
        _ => node.ToJsonString(),
    };

    private static string Humanize(string key)
    {
        var words = key.Replace('_', ' ').Trim();
        return words.Length == 0 ? key : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string Consent(int? communications) => communications switch
    {
        // Kartra's flag reads inverted: 0 is the lead agreeing to communications.
        0 => "Agreed to communications",
        1 => "Did not agree to communications",
        _ => "Consent to communications unknown",
    };
}

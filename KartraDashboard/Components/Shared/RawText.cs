using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Components.Shared;

/// <summary>How a received body is shown: indented when it is JSON, otherwise exactly as it came.</summary>
public static class RawText
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Shown as text in a <pre>, never as markup, so characters like < stay readable instead of \u003C.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The body as shown, its direction overrides neutralised (also those JSON wrote as \u escapes).</summary>
    public static string Pretty(string raw, string? encoding) => KartraDashboard.Ingestion.Bidi.Neutralise(Indent(raw, encoding));

    private static string Indent(string raw, string? encoding)
    {
        if (encoding is not null || string.IsNullOrWhiteSpace(raw)) return raw;
        try
        {
            return JsonNode.Parse(raw, documentOptions: Lenient) is { } node ? node.ToJsonString(Indented) : raw;
        }
        catch (JsonException)
        {
            return raw;
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };
}

using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KartraDashboard.Ingestion;

/// <summary>
/// Decodes <c>application/x-www-form-urlencoded</c> bodies, including PHP-style bracketed keys,
/// because some senders (and proxies in front of them) post Kartra's data as a form instead of raw JSON.
/// </summary>
internal static partial class FormBody
{
    /// <summary>Deeper keys are refused so that a hostile body cannot build an unbounded tree.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The decoded name/value pairs, or null when the text does not look like a form. A raw key may only hold
    /// characters a form encoder emits, so prose, XML or binary bodies that happen to contain "=" are not taken for forms.
    /// </summary>
    public static List<KeyValuePair<string, string>>? Decode(string text)
    {
        text = text.TrimEnd('\r', '\n', ' ', '\t');
        if (text.Length == 0) return null;
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t')) return null;

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            var rawKey = eq < 0 ? part : part[..eq];
            if (!RawKey().IsMatch(rawKey)) return null;
            var key = WebUtility.UrlDecode(rawKey);
            var value = eq < 0 ? "" : WebUtility.UrlDecode(part[(eq + 1)..]);
            pairs.Add(new(key, value));
        }

        return pairs.Count > 0 && text.Contains('=') ? pairs : null;
    }

    /// <summary>
    /// Builds the object tree PHP would: <c>a[b][0][c]=1</c> nests, <c>a[]</c> appends, the last value for a key wins,
    /// and objects keyed 0..n-1 become arrays so the result reads like Kartra's JSON.
    /// </summary>
    public static JsonObject? ToTree(IEnumerable<KeyValuePair<string, string>> pairs, out string? error)
    {
        var root = new JsonObject();
        // Next free index per object, so that thousands of "a[]" pairs do not rescan their object each time.
        var nextIndex = new Dictionary<JsonObject, int>(ReferenceEqualityComparer.Instance);
        foreach (var (key, value) in pairs)
        {
            var path = SplitKey(key);
            if (path is null) continue;
            if (path.Count > MaxDepth)
            {
                error = $"A form field name nests deeper than {MaxDepth} levels.";
                return null;
            }

            var node = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                var segment = Segment(node, path[i], nextIndex);
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[segment] = child;
                }
                node = child;
            }

            var last = Segment(node, path[^1], nextIndex);
            node[last] = JsonValue.Create(value);
        }

        error = null;
        return (JsonObject)ToArrays(root);
    }

    /// <summary>"a[b][]" → ["a", "b", ""]; null for a key PHP would drop (empty base name).</summary>
    private static List<string>? SplitKey(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0) return key.Length == 0 ? null : [key];
        if (open == 0) return null;

        var path = new List<string> { key[..open] };
        var i = open;
        while (i < key.Length && key[i] == '[')
        {
            var close = key.IndexOf(']', i + 1);
            // An unclosed bracket: PHP keeps the name literally, and so do we.
            if (close < 0) return path.Count == 1 ? [key] : path;
            path.Add(key[(i + 1)..close]);
            i = close + 1;
        }
        return path;
    }

    /// <summary>The key to use under <paramref name="node"/>: the segment itself, or for "[]" the next free index.</summary>
    private static string Segment(JsonObject node, string segment, Dictionary<JsonObject, int> nextIndex)
    {
        var next = nextIndex.GetValueOrDefault(node);
        if (segment.Length == 0)
        {
            nextIndex[node] = next + 1;
            return next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ArrayIndex(segment) is { } n && n >= next) nextIndex[node] = n + 1;
        return segment;
    }

    private static JsonNode ToArrays(JsonObject node)
    {
        var keys = node.Select(p => p.Key).ToList();
        foreach (var k in keys)
            if (node[k] is JsonObject child && ToArrays(child) is var converted && !ReferenceEquals(converted, child))
                node[k] = converted;

        if (keys.Count == 0) return node;
        var indexes = keys.Select(ArrayIndex).ToList();
        if (indexes.Any(n => n is null) || indexes.Distinct().Count() != keys.Count || indexes.Max() != keys.Count - 1)
            return node;

        var items = new JsonNode?[keys.Count];
        for (var i = 0; i < keys.Count; i++) items[indexes[i]!.Value] = node[keys[i]];
        node.Clear();
        return new JsonArray(items);
    }

    /// <summary>A canonical non-negative integer ("0", "12" but not "01" or "-1").</summary>
    private static int? ArrayIndex(string key) =>
        key.Length is > 0 and < 10 && (key == "0" || key[0] != '0') && key.All(char.IsAsciiDigit) ? int.Parse(key) : null;

    [GeneratedRegex(@"^[A-Za-z0-9_\-.~%+\[\]]+$")]
    private static partial Regex RawKey();
}

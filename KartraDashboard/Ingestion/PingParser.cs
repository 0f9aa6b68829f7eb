using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Ingestion;

/// <summary>
/// Turns a webhook body into a <see cref="KartraPing"/>. Kartra's data is loosely typed and its documentation
/// does not always match what it sends, so everything is read leniently; only a body that cannot be a ping
/// at all (no JSON or form, no string "action") is refused, and never with an exception.
/// </summary>
public sealed class PingParser(TimeZoneInfo kartraZone)
{
    private const int MaxJsonDepth = 64;

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = MaxJsonDepth,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body alone decides its format: senders and proxies label forms as JSON and the other way round.</summary>
    public PingParseResult Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return ParseBody(body);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A safety net only: the webhook must answer 400, never 500, whatever a client sends.
            return PingParseResult.Fail($"The body could not be read as a Kartra ping: {ex.Message}");
        }
    }

    private PingParseResult ParseBody(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8)) body = body[3..];
        var start = 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start == body.Length) return PingParseResult.Fail("The body is empty.");

        // The first byte decides, not Content-Type: Kartra and proxies label bodies inconsistently.
        if (body[start] == '{')
        {
            var (node, error) = ParseJson(body);
            return node is JsonObject root ? FromObject(root, "JSON") : PingParseResult.Fail(error ?? "The body is not a JSON object.");
        }

        var text = TryUtf8(body);
        if (text is not null && FormBody.Decode(text) is { } pairs) return FromForm(pairs);

        // Not a form: it may still be JSON that starts with a comment, or JSON that is not an object.
        var (json, jsonError) = ParseJson(body);
        if (json is JsonObject obj) return FromObject(obj, "JSON");
        if (jsonError is null) return PingParseResult.Fail($"The body is JSON but not an object (it is {KindName(json)}).");
        // JSON's own error helps only when the body plainly meant to be JSON; for anything else say what it is not.
        return body[start] is (byte)'[' or (byte)'"' or (byte)'/'
            ? PingParseResult.Fail(jsonError)
            : PingParseResult.Fail("The body is neither JSON nor a form.");
    }

    private PingParseResult FromForm(List<KeyValuePair<string, string>> pairs)
    {
        // Some senders wrap the whole JSON ping in one form field, under whatever name they chose.
        foreach (var (_, value) in pairs)
        {
            if (!value.AsSpan().TrimStart().StartsWith("{")) continue;
            if (ParseJson(Encoding.UTF8.GetBytes(value)).Node is JsonObject inner && IsString(inner["action"]))
                return FromObject(inner, "JSON");
        }

        var tree = FormBody.ToTree(pairs, out var error);
        return tree is null ? PingParseResult.Fail(error ?? "The form could not be read.") : FromObject(tree, "form");
    }

    /// <summary>The longest action name or lead id taken; both become database index keys.</summary>
    public const int MaxKeyLength = 100;

    private PingParseResult FromObject(JsonObject root, string source)
    {
        if (root["action"] is null)
            return PingParseResult.Fail($"The {source} has no string \"action\" field.");
        if (!IsString(root["action"]))
            return PingParseResult.Fail($"The {source} has no string \"action\" field (\"action\" is {KindName(root["action"])}).");
        var action = root["action"]!.GetValue<string>().Trim();
        if (action.Length == 0)
            return PingParseResult.Fail($"The {source} has an empty \"action\" field.");
        // Both are index keys; Kartra's own are short words and numbers.
        if (action.Length > MaxKeyLength)
            return PingParseResult.Fail($"The {source}'s \"action\" is {action.Length} characters long; an action name has at most {MaxKeyLength}.");
        // Control characters (NUL, escape, newlines) have no place in a name or an id, and would
        // hide in logs, keys and what is shown.
        if (action.Any(char.IsControl))
            return PingParseResult.Fail($"The {source}'s \"action\" holds control characters.");
        var lead = ReadLead(root["lead"] as JsonObject);
        lead = lead with { Attributes = LeadAttributes.Read(root["lead"] as JsonObject, kartraZone) };
        if (lead.Id?.Length > MaxKeyLength)
            return PingParseResult.Fail($"The {source}'s lead id is {lead.Id.Length} characters long; a lead id has at most {MaxKeyLength}.");
        if (lead.Id?.Any(char.IsControl) == true)
            return PingParseResult.Fail($"The {source}'s lead id holds control characters.");

        var documented = ActionCatalog.Find(action);
        var details = root["action_details"] as JsonObject;
        var transaction = ReadTransaction(action, details);
        var subject = documented?.Subject is { } where ? ReadSubject(where, details) : null;
        int? points = documented?.Subject is { Kind: SubjectKinds.Score } score ? Lenient.Int(details?[score.IdKey]) : null;

        return PingParseResult.Ok(new KartraPing
        {
            Action = action,
            Lead = lead,
            Subject = subject,
            Points = points,
            Transaction = transaction,
            Summary = PingSummary.Of(action, documented, subject, points, transaction, details),
        });
    }

    private static KartraLead ReadLead(JsonObject? lead)
    {
        if (lead is null) return new KartraLead();
        return new KartraLead
        {
            Id = Lenient.Id(lead["id"]),
            Email = Lenient.Text(lead["email"]),
            FirstName = Lenient.Text(lead["first_name"]),
            LastName = Lenient.Text(lead["last_name"]),
            Score = Lenient.Int(lead["score"]),
            GdprStatus = Lenient.Int(lead["gdpr_lead_status"]),
            GdprCommunications = Lenient.Int(lead["gdpr_lead_communications"]),
            CustomFields = ReadCustomFields(lead["custom_fields"]),
            // Cloned so the snapshot can be stored or changed without touching the parsed body.
            Snapshot = (JsonObject)lead.DeepClone(),
        };
    }

    private static List<CustomField> ReadCustomFields(JsonNode? node)
    {
        var fields = new List<CustomField>();
        foreach (var item in Items(node))
        {
            if (item is not JsonObject f) continue;
            fields.Add(new CustomField(
                Lenient.Text(f["field_id"]),
                Lenient.Text(f["field_identifier"]),
                Lenient.Text(f["field_type"]),
                FieldValues(f["field_value"])));
        }
        return fields;
    }

    /// <summary>Text fields send a string; choice fields an array of {option_id, option_value} (or of plain strings).</summary>
    private static List<string> FieldValues(JsonNode? value)
    {
        if (value is JsonObject single && single.ContainsKey("option_value"))
            return Lenient.Text(single["option_value"]) is { } one ? [one] : [];
        if (value is JsonValue) return Lenient.Text(value) is { } text ? [text] : [];

        var values = new List<string>();
        foreach (var item in Items(value))
        {
            var text = item is JsonObject option ? Lenient.Text(option["option_value"]) : Lenient.Text(item);
            if (text is not null) values.Add(text);
        }
        return values;
    }

    /// <summary>An array's items; also an object's values, since a form with gaps in its indexes decodes to an object.</summary>
    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node switch
    {
        JsonArray a => a,
        JsonObject o => o.Select(p => p.Value),
        _ => [],
    };

    private static PingSubject? ReadSubject(SubjectSource source, JsonObject? details)
    {
        // The points reached are no object; they are read apart.
        if (source.Holder is null || details is null) return null;

        var holder = (source.OtherHolder is { } other ? details[other] : null) ?? details[source.Holder];
        // A transaction's product is read from the transaction only.
        if (source.Holder == ActionCatalog.TransactionDetails && holder is not JsonObject) return null;
        // The parsed subject keeps Kartra's own key prefix as its kind ("kartra_page", "product").
        var kind = source.IdKey[..^"_id".Length];

        if (holder is JsonValue)
            return new PingSubject(kind, null, Lenient.Text(holder));
        // Without the wrapper object the fields may sit directly under action_details.
        var o = holder as JsonObject ?? details;
        var id = Lenient.Id(o[source.IdKey]) ?? (source.OtherIdKey is { } otherId ? Lenient.Id(o[otherId]) : null);
        var name = (source.NameKey is { } nameKey ? Lenient.Text(o[nameKey]) : null)
            ?? (source.OtherNameKey is { } otherName ? Lenient.Text(o[otherName]) : null);
        if (holder is null && id is null && name is null) return null;

        // A membership's part is its level, a calendar's the class booked.
        var partId = source.PartIdKey is { } partIdKey ? Lenient.Id(o[partIdKey]) : null;
        var partName = source.PartNameKey is { } partNameKey ? Lenient.Text(o[partNameKey]) : null;
        var isMembership = source.Kind == SubjectKinds.Membership;
        return new PingSubject(kind, id, name)
        {
            LevelId = isMembership ? partId : null,
            LevelName = isMembership ? partName : null,
            ClassId = isMembership ? null : partId,
            ClassName = isMembership ? null : partName,
            OfficialName = source.PreferredNameKey is { } preferred ? Lenient.Text(o[preferred]) : null,
        };
    }

    private KartraTransaction? ReadTransaction(string action, JsonObject? details)
    {
        if (details?["transaction_details"] is not JsonObject t) return null;

        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in t) fields[key] = Lenient.Raw(value);

        return new KartraTransaction
        {
            Fields = fields,
            TransactionId = Lenient.Long(t["transaction_id"]) is { } id and not 0 ? id : null,
            Type = Lenient.Text(t["transaction_type"])?.ToLowerInvariant() ?? ActionCatalog.Of(action).TransactionType ?? "unknown",
            FullAmount = Lenient.Decimal(t["transaction_full_amount"]),
            Tax = Lenient.Decimal(t["transaction_tax"]),
            Shipping = Lenient.Decimal(t["transaction_shipping"]),
            ProductId = Lenient.Id(t["product_id"]),
            ProductName = Lenient.Text(t["product_name"]),
            Affiliate = Lenient.Text(t["transaction_affiliate"]),
            Jv = Lenient.Text(t["transaction_jv"]),
            PaymentProcessor = Lenient.Text(t["payment_processor_type"]),
            Date = KartraTime.Parse(Lenient.Text(t["transaction_date"]), kartraZone),
        };
    }

    private static (JsonNode? Node, string? Error) ParseJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray(), JsonOptions);
            return (ToNode(doc.RootElement), null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            return (null, $"The body is not valid JSON: {Reason(ex.Message)}{where}.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or DecoderFallbackException)
        {
            return (null, $"The body is not valid JSON: {Reason(ex.Message)}.");
        }
    }

    /// <summary>
    /// Copies the document into nodes by hand: duplicate keys then keep the last value (as PHP does) instead of
    /// failing later when JsonObject first touches them, and number tokens keep their raw text.
    /// </summary>
    private static JsonNode? ToNode(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var o = new JsonObject();
                foreach (var p in e.EnumerateObject()) o[p.Name] = ToNode(p.Value);
                return o;
            case JsonValueKind.Array:
                var a = new JsonArray();
                foreach (var item in e.EnumerateArray()) a.Add(ToNode(item));
                return a;
            case JsonValueKind.String:
                return JsonValue.Create(e.GetString());
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(e.Clone());
        }
    }

    private static string Reason(string message)
    {
        // System.Text.Json appends its own position ("LineNumber: 2 | BytePositionInLine: 4."); ours reads better.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static string KindName(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => "a boolean",
        },
    };

    private static string? TryUtf8(ReadOnlySpan<byte> bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }
}

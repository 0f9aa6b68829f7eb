using System.Text.Json.Nodes;

namespace KartraDashboard.Tests;

/// <summary>
/// Pings for tests, made from the fixtures written after Kartra's documentation with a few
/// fields changed, so each test states only what matters to it.
/// </summary>
public static class TestPings
{
    public static JsonObject From(string action) =>
        (JsonObject)JsonNode.Parse(Fixtures.Text($"actions/{action}.json"), documentOptions: new() { AllowTrailingCommas = true })!;

    public static JsonObject Lead(this JsonObject ping, string id, string? email = null, string? firstName = null, int? gdpr = null, int? communications = null)
    {
        var lead = ping["lead"]!.AsObject();
        lead["id"] = id;
        if (email is not null) lead["email"] = email;
        if (firstName is not null) lead["first_name"] = firstName;
        if (gdpr is not null) lead["gdpr_lead_status"] = gdpr;
        if (communications is not null) lead["gdpr_lead_communications"] = communications;
        return ping;
    }

    /// <summary>Sets transaction_details fields; values go in as given (a string stays a string, as Kartra sometimes sends).</summary>
    public static JsonObject Transaction(this JsonObject ping, params (string Field, JsonNode? Value)[] fields)
    {
        var details = ping["action_details"]!["transaction_details"]!.AsObject();
        foreach (var (field, value) in fields) details[field] = value;
        return ping;
    }

    public static JsonObject Details(this JsonObject ping, string key, params (string Field, JsonNode? Value)[] fields)
    {
        var details = ping["action_details"]!.AsObject();
        if (details[key] is not JsonObject target) details[key] = target = new JsonObject();
        foreach (var (field, value) in fields) target[field] = value;
        return ping;
    }

    public static JsonObject Sale(string leadId, long transactionId, decimal amount, string date = "2026-03-10 12:00:00",
        decimal tax = 0, decimal shipping = 0, string product = "Course", string productId = "7", string processor = "Stripe") =>
        From("buy_product").Lead(leadId).Transaction(
            ("transaction_id", transactionId), ("transaction_full_amount", amount), ("transaction_tax", tax),
            ("transaction_shipping", shipping), ("transaction_date", date), ("product_name", product),
            ("product_id", productId), ("payment_processor_type", processor), ("transaction_type", "sale"),
            ("transaction_affiliate", ""), ("transaction_jv", ""));

    public static JsonObject Refund(string leadId, long transactionId, decimal amount, string date = "2026-03-11 12:00:00", bool partial = false,
        string product = "Course", string productId = "7", string processor = "Stripe") =>
        From(partial ? "partial_refund_product" : "refund_product").Lead(leadId).Transaction(
            ("transaction_id", transactionId), ("transaction_full_amount", amount), ("transaction_date", date),
            ("product_name", product), ("product_id", productId), ("payment_processor_type", processor),
            ("transaction_type", partial ? "partial_refund" : "refund"), ("transaction_affiliate", ""), ("transaction_jv", ""));
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Simulation;

/// <summary>
/// The single definition of what a Kartra outbound ping looks like, after Kartra's outbound API
/// documentation: the full lead object, the action, and the action_details each action documents.
/// Where the lead sends numbers as text, ids and amounts go out as strings, as Kartra often does.
/// </summary>
public static class KartraPingFactory
{
    /// <summary>Kartra's naive timestamp format, meant in the account's zone (America/New_York).</summary>
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>What Kartra sends for a date that was never set.</summary>
    public const string NoDate = "0000-00-00 00:00:00";

    private static readonly JsonSerializerOptions RawUtf8 = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions EscapedAscii = new();

    public static string FormatDate(DateTime naive) => naive.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The body bytes. PHP's json_encode escapes non-ASCII as \uXXXX by default, so both spellings
    /// reach a receiver; <paramref name="escapeNonAscii"/> picks one.
    /// </summary>
    public static byte[] ToUtf8(JsonObject ping, bool escapeNonAscii = false) =>
        JsonSerializer.SerializeToUtf8Bytes(ping, escapeNonAscii ? EscapedAscii : RawUtf8);

    public static JsonObject Ping(SimulatedLead lead, string action, JsonObject actionDetails) => new()
    {
        ["lead"] = Lead(lead),
        ["action"] = action,
        ["action_details"] = actionDetails,
    };

    public static JsonObject Lead(SimulatedLead lead)
    {
        var asText = lead.NumbersAsText;
        return new JsonObject
        {
            ["id"] = Number(lead.Id, asText),
            ["first_name"] = lead.FirstName,
            ["middle_name"] = lead.MiddleName,
            ["last_name"] = lead.LastName,
            ["last_name2"] = lead.LastName2,
            ["email"] = lead.Email,
            ["phone_country_code"] = lead.Country.PhoneCode,
            ["phone"] = lead.Phone,
            ["company"] = lead.Company,
            ["address"] = lead.Address,
            ["city"] = lead.City.Name,
            ["zip"] = lead.City.Zip,
            ["state"] = lead.City.State,
            ["country"] = lead.Country.Name,
            ["date_joined"] = FormatDate(lead.DateJoined),
            ["website"] = lead.Website,
            ["ip"] = lead.Ip,
            ["ip_country"] = lead.IpCountry,
            ["facebook"] = lead.Facebook,
            ["twitter"] = lead.Twitter,
            ["linkedin"] = lead.Linkedin,
            ["google_plus"] = lead.GooglePlus,
            ["sales_tax_id"] = lead.SalesTaxId,
            ["lead_picture"] = lead.Picture,
            ["source"] = lead.Source,
            ["score"] = Number(lead.Score, asText),
            ["lead_deleted"] = Number(0, asText),
            ["lead_deleted_date"] = NoDate,
            ["referring_id"] = Number(lead.ReferringId, asText),
            ["blacklisted"] = Number(0, asText),
            ["source_id"] = Number(lead.SourceId, asText),
            ["gdpr_lead_status"] = lead.GdprStatus,
            ["gdpr_lead_status_date"] = FormatDate(lead.GdprStatusDate),
            ["gdpr_lead_status_ip"] = lead.Ip,
            ["gdpr_lead_communications"] = lead.GdprCommunications,
            ["custom_fields"] = new JsonArray(lead.CustomFields.Select(f => (JsonNode)CustomField(f, asText)).ToArray()),
        };
    }

    private static JsonObject CustomField(SimulatedCustomField field, bool asText) => new()
    {
        ["field_id"] = Number(field.FieldId, asText),
        ["field_identifier"] = field.Identifier,
        ["field_type"] = field.Type,
        ["field_value"] = field.IsText
            ? JsonValue.Create(field.Text ?? "")
            : new JsonArray(field.Options.Select(o => (JsonNode)new JsonObject
            {
                ["option_id"] = Number(o.Id, asText),
                ["option_value"] = o.Name,
            }).ToArray()),
    };

    public static JsonObject ListDetails(CatalogItem list, bool asText) => Subject("list", "list", list, asText);
    public static JsonObject TagDetails(CatalogItem tag, bool asText) => Subject("tag", "tag", tag, asText);
    /// <summary>Kartra documents a filled form's id and name under "tag", not "form".</summary>
    public static JsonObject FormDetails(CatalogItem form, bool asText) => Subject("tag", "form", form, asText);
    public static JsonObject SequenceDetails(CatalogItem sequence, bool asText) => Subject("sequence", "sequence", sequence, asText);
    public static JsonObject TrackingLinkDetails(CatalogItem link, bool asText) => Subject("tracking_link", "tracking_link", link, asText);
    public static JsonObject SplitTestLinkDetails(CatalogItem link, bool asText) => Subject("page_split_test_link", "page_split_test_link", link, asText);
    public static JsonObject VideoDetails(CatalogItem video, bool asText) => Subject("video", "video", video, asText);
    public static JsonObject PageDetails(CatalogItem page, bool asText) => Subject("kartra_page", "kartra_page", page, asText);

    public static JsonObject PointsDetails(int points, bool asText) => new() { ["points"] = Number(points, asText) };

    public static JsonObject MembershipDetails(MembershipLevel level, bool asText) => new()
    {
        ["membership"] = new JsonObject
        {
            ["membership_id"] = Number(level.MembershipId, asText),
            ["membership_name"] = level.MembershipName,
            ["level_id"] = Number(level.LevelId, asText),
            ["level_name"] = level.LevelName,
        },
    };

    public static JsonObject CalendarDetails(CalendarClass calendarClass, bool asText) => new()
    {
        ["calendar"] = new JsonObject
        {
            ["calendar_id"] = Number(calendarClass.CalendarId, asText),
            ["calendar_name"] = calendarClass.CalendarName,
            ["class_id"] = Number(calendarClass.ClassId, asText),
            ["class_name"] = calendarClass.ClassName,
        },
    };

    /// <summary>affiliate_signup and jv_signup: the product with its internal and official names.</summary>
    public static JsonObject ProductDetails(SimulatedProduct product, bool asText) => new()
    {
        ["product"] = new JsonObject
        {
            ["product_id"] = Number(product.Id, asText),
            ["product_name"] = product.Name,
            ["official_product_name"] = product.OfficialName,
        },
    };

    /// <summary>
    /// transaction_details with the fields Kartra documents for the transaction's action: sales carry
    /// the subscription schedule, refunds do not, cancellations carry no money.
    /// </summary>
    public static JsonObject TransactionDetails(SimulatedLead lead, SimulatedTransaction t, bool asText)
    {
        var details = new JsonObject
        {
            ["transaction_id"] = Number(t.TransactionId, asText),
            ["buyer_first_name"] = lead.FirstName,
            ["buyer_last_name"] = lead.LastName,
            ["buyer_email"] = lead.Email,
            ["buyer_username"] = lead.Username,
            ["buyer_id"] = Number(lead.Id, asText),
            ["product_name"] = t.Product.Name,
            ["product_id"] = Number(t.Product.Id, asText),
            ["product_price_point"] = Number(t.Product.PricePoint, asText),
        };
        var isCancellation = t.Type == "cancellation";
        if (!isCancellation)
        {
            details["transaction_full_amount"] = Money(t.FullAmount, asText);
            details["transaction_base_amount"] = Money(t.BaseAmount, asText);
            details["transaction_discount"] = Money(t.Discount, asText);
            details["transaction_tax"] = Money(t.Tax, asText);
            details["transaction_shipping"] = Money(t.Shipping, asText);
            details["transaction_affiliate"] = t.Affiliate;
            details["transaction_jv"] = t.Jv;
        }
        details["transaction_date"] = FormatDate(t.Date);
        details["transaction_type"] = t.Type;
        details["transaction_parent_id"] = Number(t.ParentId, asText);
        details["transaction_subscription_id"] = Number(t.SubscriptionId, asText);
        details["transaction_subscription_pay_number"] = Number(t.PayNumber, asText);
        details["original_id"] = Number(t.OriginalId, asText);
        details["buyer_billing_country"] = lead.Country.Name;
        details["buyer_billing_state"] = lead.City.State;
        details["buyer_billing_phone_country_code"] = lead.Country.PhoneCode;
        details["buyer_billing_phone_number"] = lead.Phone;
        details["buyer_billing_address"] = lead.Address;
        details["buyer_billing_city"] = lead.City.Name;
        details["buyer_billing_zip"] = lead.City.Zip;
        if (!isCancellation)
        {
            details["vendor_tracking_id_1"] = t.VendorTrackingId1;
            details["vendor_tracking_id_2"] = t.VendorTrackingId2;
            details["vendor_tracking_link"] = t.VendorTrackingLink;
            if (t.Type == "sale")
            {
                details["trial_payment"] = Number(t.TrialPayment, asText);
                details["trial_period"] = Number(t.TrialPeriod, asText);
                details["rebill_circle"] = Number(t.RebillCircle, asText);
                details["payments_left"] = Number(t.PaymentsLeft, asText);
            }
            var ships = t.Product.Shipping > 0;
            details["shipping_first_name"] = ships ? lead.FirstName : "";
            details["shipping_last_name"] = ships ? lead.LastName : "";
            details["shipping_address"] = ships ? lead.Address : "";
            details["shipping_city"] = ships ? lead.City.Name : "";
            details["shipping_zip"] = ships ? lead.City.Zip : "";
            details["shipping_country"] = ships ? lead.Country.Name : "";
            details["shipping_state"] = ships ? lead.City.State : "";
        }
        details["payment_processor_type"] = t.PaymentProcessor;
        return new JsonObject { ["transaction_details"] = details };
    }

    private static JsonObject Subject(string key, string prefix, CatalogItem item, bool asText) => new()
    {
        [key] = new JsonObject
        {
            [prefix + "_id"] = Number(item.Id, asText),
            [prefix + "_name"] = item.Name,
        },
    };

    private static JsonNode Number(long value, bool asText) =>
        asText ? JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(value);

    /// <summary>Always two decimals ("49.00"), as a number or as text.</summary>
    private static JsonNode Money(decimal value, bool asText)
    {
        var text = value.ToString("0.00", CultureInfo.InvariantCulture);
        return asText ? JsonValue.Create(text) : JsonValue.Create(decimal.Parse(text, CultureInfo.InvariantCulture));
    }
}

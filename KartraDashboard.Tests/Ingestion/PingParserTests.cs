using System.Text;
using System.Text.Json.Nodes;
using KartraDashboard.Ingestion;

namespace KartraDashboard.Tests.Ingestion;

[Trait("Category", "Fast")]
public class PingParserTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly PingParser _parser = new(NewYork);

    private KartraPing Ok(string body) => Ok(Encoding.UTF8.GetBytes(body));

    private KartraPing Ok(byte[] body)
    {
        var result = _parser.Parse(body);
        Assert.True(result.Error is null, result.Error);
        Assert.NotNull(result.Ping);
        return result.Ping;
    }

    private string Fails(byte[] body)
    {
        var result = _parser.Parse(body);
        Assert.Null(result.Ping);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        return result.Error!;
    }

    private string Fails(string body) => Fails(Encoding.UTF8.GetBytes(body));

    private static KartraPing Fixture(string action) => new PingParser(NewYork).Parse(Fixtures.Read($"actions/{action}.json")).Ping
        ?? throw new InvalidOperationException($"Fixture {action} did not parse.");

    // ---- The documentation's own example and the 25 documented actions ----

    [Fact]
    public void Documentation_list_subscription_example_is_accepted_as_printed()
    {
        var text = Fixtures.Text("list_subscription_doc_example.json");
        Assert.Contains("\"option_value\":\"red\",", text); // the trailing commas really are there
        Assert.Contains('\t', text);

        var ping = Ok(Fixtures.Read("list_subscription_doc_example.json"));

        Assert.Equal("list_subscription", ping.Action);
        Assert.True(ping.IsDocumented);
        Assert.Equal("1", ping.Lead.Id);
        Assert.Equal("johndoe@gmail.com", ping.Lead.Email);
        Assert.Equal("John Doe", ping.Lead.Name);
        Assert.Equal(0, ping.Lead.Score);
        Assert.Equal(1, ping.Lead.GdprStatus);
        Assert.Equal(0, ping.Lead.GdprCommunications);
        Assert.Equal(new PingSubject("list", "1", "list 1"), ping.Subject);
        Assert.Equal("Subscribed to list: list 1", ping.Summary);
        Assert.Null(ping.Transaction);
        Assert.Null(ping.Points);

        Assert.Equal(3, ping.Lead.CustomFields.Count);
        Assert.Equal(new[] { "red", "blue" }, ping.Lead.CustomFields[0].Values);
        Assert.Equal("323", ping.Lead.CustomFields[0].Id);
        Assert.Equal("color", ping.Lead.CustomFields[0].Identifier);
        Assert.Equal("checkbox", ping.Lead.CustomFields[0].Type);
        Assert.Equal(new[] { "male" }, ping.Lead.CustomFields[1].Values);
        Assert.Equal(new[] { "beef lasagna" }, ping.Lead.CustomFields[2].Values);
        Assert.Equal("google_plus", ping.Lead.Snapshot["google_plus"]!.GetValue<string>());
    }

    private static List<string> ActionFixtureNames() =>
        Directory.GetFiles(Path.Combine(Fixtures.Folder, "actions"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToList();

    public static TheoryData<string> ActionFixtures() => new(ActionFixtureNames());

    [Fact]
    public void There_is_one_fixture_for_each_documented_action()
    {
        var files = ActionFixtureNames();
        Assert.Equal(ActionCatalog.All.Select(a => a.Name).Order(), files);
        Assert.Equal(25, files.Count);
    }

    [Theory]
    [MemberData(nameof(ActionFixtures))]
    public void Every_action_fixture_parses_with_its_action_lead_and_a_plain_summary(string action)
    {
        var ping = Ok(Fixtures.Read($"actions/{action}.json"));

        Assert.Equal(action, ping.Action);
        Assert.True(ping.IsDocumented);
        Assert.NotNull(ping.Lead.Id);
        Assert.Equal("maria.lopez@example.com", ping.Lead.Email);
        Assert.Equal("Maria Lopez", ping.Lead.Name);
        Assert.Equal(35, ping.Lead.Score);
        Assert.Equal(2, ping.Lead.GdprStatus);
        Assert.Equal(3, ping.Lead.CustomFields.Count);
        Assert.StartsWith(ActionCatalog.Of(action).Label, ping.Summary);
        Assert.DoesNotContain('<', ping.Summary);
        Assert.DoesNotContain('\n', ping.Summary);
        Assert.Equal(ActionCatalog.Find(action)!.TransactionType is not null, ping.Transaction is not null);
        Assert.Equal(action == "reaches_score", ping.Points is not null);
    }

    [Theory]
    [InlineData("list_subscription", "list", "3", "Newsletter", "Subscribed to list: Newsletter")]
    [InlineData("list_unsubscription", "list", "3", "Newsletter", "Unsubscribed from list: Newsletter")]
    [InlineData("assign_tag", "tag", "12", "VIP", "Tag assigned: VIP")]
    [InlineData("unassign_tag", "tag", "12", "VIP", "Tag removed: VIP")]
    [InlineData("filled_form", "form", "5", "Contact us", "Filled form: Contact us")]
    [InlineData("sequence_subscription", "sequence", "7", "Welcome series", "Subscribed to sequence: Welcome series")]
    [InlineData("sequence_unsubscription", "sequence", "7", "Welcome series", "Unsubscribed from sequence: Welcome series")]
    [InlineData("sequence_completion", "sequence", "7", "Welcome series", "Completed sequence: Welcome series")]
    [InlineData("click_tracking_link", "tracking_link", "21", "Spring promo email", "Clicked tracking link: Spring promo email")]
    [InlineData("click_page_split_test_link", "page_split_test_link", "8", "Homepage A/B", "Clicked split test link: Homepage A/B")]
    [InlineData("video_play", "video", "31", "Intro to the course", "Played video: Intro to the course")]
    [InlineData("video_complete", "video", "31", "Intro to the course", "Completed video: Intro to the course")]
    [InlineData("kartra_page_visit", "kartra_page", "55", "Sales page", "Visited page: Sales page")]
    public void Simple_subject_actions_read_their_subject_id_and_name(string action, string kind, string id, string name, string summary)
    {
        var ping = Fixture(action);

        Assert.Equal(new PingSubject(kind, id, name), ping.Subject);
        Assert.Equal(summary, ping.Summary);
        Assert.Null(ping.Transaction);
    }

    [Theory]
    [InlineData("membership_granted", "Membership granted: Gold Club (Level 2)")]
    [InlineData("membership_revoked", "Membership revoked: Gold Club (Level 2)")]
    public void Membership_actions_carry_the_level(string action, string summary)
    {
        var ping = Fixture(action);

        Assert.Equal(new PingSubject("membership", "4", "Gold Club") { LevelId = "2", LevelName = "Level 2" }, ping.Subject);
        Assert.Equal(summary, ping.Summary);
    }

    [Theory]
    [InlineData("calendar_subscribe", "Booked class: Yoga Basics in Studio calendar")]
    [InlineData("calendar_complete", "Attended class: Yoga Basics in Studio calendar")]
    [InlineData("calendar_cancel", "Cancelled class: Yoga Basics in Studio calendar")]
    public void Calendar_actions_carry_the_class(string action, string summary)
    {
        var ping = Fixture(action);

        Assert.Equal(new PingSubject("calendar", "9", "Studio calendar") { ClassId = "14", ClassName = "Yoga Basics" }, ping.Subject);
        Assert.Equal(summary, ping.Summary);
    }

    [Theory]
    [InlineData("affiliate_signup", "Signed up as affiliate: Course X (2024 launch)")]
    [InlineData("jv_signup", "Signed up as JV: Course X (2024 launch)")]
    public void Signup_actions_carry_the_product_and_its_official_name(string action, string summary)
    {
        var ping = Fixture(action);

        Assert.Equal(new PingSubject("product", "42", "Course X (2024 launch)") { OfficialName = "Course X" }, ping.Subject);
        Assert.Equal(summary, ping.Summary);
        Assert.Null(ping.Transaction);
    }

    [Fact]
    public void Reaching_a_score_reads_the_points_directly_under_action_details()
    {
        var ping = Fixture("reaches_score");

        Assert.Equal(50, ping.Points);
        Assert.Null(ping.Subject);
        Assert.Equal("Reached score: 50", ping.Summary);
    }

    [Fact]
    public void A_purchase_reads_every_transaction_field()
    {
        var ping = Fixture("buy_product");
        var t = ping.Transaction!;

        Assert.Equal(100230L, t.TransactionId);
        Assert.Equal(TransactionTypes.Sale, t.Type);
        Assert.Equal(97.00m, t.FullAmount);
        Assert.Equal(97.00m, t.SignedAmount);
        Assert.Equal(7.76m, t.Tax);
        Assert.Equal(0m, t.Shipping);
        Assert.Equal("42", t.ProductId);
        Assert.Equal("Course X", t.ProductName);
        Assert.Equal("jsmith", t.Affiliate);
        Assert.Null(t.Jv);
        Assert.Equal("PayPal", t.PaymentProcessor);
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.FromHours(-4)), t.Date);
        Assert.Equal("Bought: Course X for 97.00", ping.Summary);
        Assert.Equal(new PingSubject("product", "42", "Course X"), ping.Subject);

        // Fields keep every documented field exactly as written, number tokens included.
        Assert.Equal(TransactionFields.Documented.Order(), t.Fields.Keys.Order());
        Assert.Equal("97.00", t.Fields["transaction_full_amount"]);
        Assert.Equal("0", t.Fields["transaction_shipping"]);
        Assert.Equal("100230", t.Fields["transaction_id"]);
        Assert.Equal("", t.Fields["transaction_jv"]);
        Assert.Equal("2024-07-01 12:00:00", t.Fields["transaction_date"]);
    }

    [Fact]
    public void A_refund_sent_negative_counts_as_money_taken_away()
    {
        var ping = Fixture("refund_product");
        var t = ping.Transaction!;

        Assert.Equal(100231L, t.TransactionId); // sent as a string
        Assert.Equal(TransactionTypes.Refund, t.Type);
        Assert.Equal(-97.00m, t.FullAmount);
        Assert.Equal(-97.00m, t.SignedAmount);
        Assert.Equal("-97.00", t.Fields["transaction_full_amount"]);
        Assert.Equal("Refunded: Course X for 97.00", ping.Summary);
    }

    [Fact]
    public void A_partial_refund_sent_positive_still_counts_as_money_taken_away()
    {
        var ping = Fixture("partial_refund_product");
        var t = ping.Transaction!;

        Assert.Equal(TransactionTypes.PartialRefund, t.Type);
        Assert.Equal(20.00m, t.FullAmount);
        Assert.Equal(-20.00m, t.SignedAmount);
        Assert.Null(t.Affiliate);
        Assert.Equal("Partially refunded: Course X for 20.00", ping.Summary);
    }

    [Fact]
    public void A_cancellation_moves_no_money_and_names_the_subscription()
    {
        var ping = Fixture("cancel_subscription");
        var t = ping.Transaction!;

        Assert.Equal(100233L, t.TransactionId);
        Assert.Equal(TransactionTypes.Cancellation, t.Type);
        Assert.Null(t.FullAmount);
        Assert.Null(t.SignedAmount);
        Assert.Equal("43", t.ProductId);
        Assert.Equal("Stripe", t.PaymentProcessor);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.FromHours(-5)), t.Date);
        Assert.Equal("Cancelled subscription: Monthly Coaching", ping.Summary);
    }

    [Theory]
    [InlineData("97", "-97", TransactionTypes.Refund)]
    [InlineData("-97", "-97", TransactionTypes.Refund)]
    [InlineData("12.5", "-12.5", TransactionTypes.PartialRefund)]
    [InlineData("-12.5", "-12.5", TransactionTypes.PartialRefund)]
    [InlineData("-10", "10", TransactionTypes.Sale)]
    public void Signed_amount_follows_the_type_whatever_sign_Kartra_sent(string sent, string expected, string type)
    {
        var ping = Ok("""{"action":"x","action_details":{"transaction_details":{"transaction_type":""" + $"\"{type}\",\"transaction_full_amount\":\"{sent}\"" + "}}}");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ping.Transaction!.SignedAmount);
    }

    // ---- Leniency ----

    [Fact]
    public void Numbers_as_strings_and_strings_as_numbers_are_both_read()
    {
        var ping = Ok("""
            {"action":"assign_tag",
             "lead":{"id":1,"email":"  a@b.c ","first_name":12,"score":"50","gdpr_lead_status":"3","gdpr_lead_communications":1.0},
             "action_details":{"tag":{"tag_id":"7","tag_name":2024}}}
            """);

        Assert.Equal("1", ping.Lead.Id);
        Assert.Equal("a@b.c", ping.Lead.Email);
        Assert.Equal("12", ping.Lead.FirstName);
        Assert.Equal(50, ping.Lead.Score);
        Assert.Equal(3, ping.Lead.GdprStatus);
        Assert.Equal(1, ping.Lead.GdprCommunications);
        Assert.Equal(new PingSubject("tag", "7", "2024"), ping.Subject);
        Assert.Equal("Tag assigned: 2024", ping.Summary);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("\"1\"", "1")]
    [InlineData("\" 17 \"", "17")]
    [InlineData("0", null)]
    [InlineData("\"0\"", null)]
    [InlineData("\"\"", null)]
    [InlineData("\"N/A\"", null)]
    [InlineData("null", null)]
    public void Lead_id_is_text_and_zero_or_empty_means_none(string json, string? expected)
    {
        var ping = Ok($$$"""{"action":"assign_tag","lead":{"id":{{{json}}}}}""");

        Assert.Equal(expected, ping.Lead.Id);
    }

    [Fact]
    public void NA_and_empty_strings_are_absent_values()
    {
        var ping = Ok("""
            {"action":"buy_product",
             "lead":{"id":"N/A","email":"","first_name":"N/A","last_name":"","score":"N/A","gdpr_lead_status":""},
             "action_details":{"transaction_details":{"transaction_id":"N/A","transaction_full_amount":"N/A","transaction_tax":"",
               "transaction_shipping":null,"product_name":"N/A","transaction_affiliate":"","transaction_type":"","transaction_date":"N/A"}}}
            """);

        Assert.Null(ping.Lead.Id);
        Assert.Null(ping.Lead.Email);
        Assert.Null(ping.Lead.Name);
        Assert.Null(ping.Lead.Score);
        Assert.Null(ping.Lead.GdprStatus);
        var t = ping.Transaction!;
        Assert.Null(t.TransactionId);
        Assert.Null(t.FullAmount);
        Assert.Null(t.Tax);
        Assert.Null(t.Shipping);
        Assert.Null(t.ProductName);
        Assert.Null(t.Affiliate);
        Assert.Null(t.Date);
        Assert.Equal(TransactionTypes.Sale, t.Type); // from the action when transaction_type is empty
        Assert.Equal("N/A", t.Fields["transaction_full_amount"]); // Fields keep what was sent
        Assert.Null(t.Fields["transaction_shipping"]);
        Assert.Equal("Bought", ping.Summary);
    }

    [Fact]
    public void Zero_dates_are_no_date()
    {
        var ping = Ok("""{"action":"refund_product","action_details":{"transaction_details":{"transaction_id":0,"transaction_date":"0000-00-00 00:00:00","transaction_full_amount":5}}}""");

        Assert.Null(ping.Transaction!.Date);
        Assert.Null(ping.Transaction.TransactionId);
        Assert.Equal(-5m, ping.Transaction.SignedAmount);
    }

    [Fact]
    public void Field_value_is_read_as_a_string_as_options_or_as_plain_strings()
    {
        var ping = Ok("""
            {"action":"assign_tag","lead":{"custom_fields":[
              {"field_id":1,"field_identifier":"note","field_type":"text_area","field_value":"hello"},
              {"field_id":"2","field_identifier":"color","field_type":"checkbox","field_value":[{"option_id":1,"option_value":"red"},{"option_id":"2","option_value":"blue"}]},
              {"field_id":3,"field_identifier":"sizes","field_type":"checkbox","field_value":["S","M"]},
              {"field_id":4,"field_identifier":"age","field_type":"input_field","field_value":42},
              {"field_id":5,"field_identifier":"empty","field_type":"input_field","field_value":""},
              {"field_id":6,"field_identifier":"none","field_type":"drop_down","field_value":null},
              {"field_id":7,"field_identifier":"one","field_type":"radio_button","field_value":{"option_id":3,"option_value":"yes"}}
            ]}}
            """);

        var values = ping.Lead.CustomFields.Select(f => string.Join("|", f.Values)).ToArray();
        Assert.Equal(new[] { "hello", "red|blue", "S|M", "42", "", "", "yes" }, values);
        Assert.Equal("2", ping.Lead.CustomFields[1].Id);
        Assert.Equal("text_area", ping.Lead.CustomFields[0].Type);
    }

    [Fact]
    public void Unknown_fields_are_kept_in_the_snapshot_and_the_transaction_fields()
    {
        var ping = Ok("""
            {"action":"buy_product",
             "lead":{"id":9,"email":"a@b.c","loyalty_tier":"gold","extra":{"nested":[1,2]}},
             "action_details":{"transaction_details":{"transaction_id":77,"coupon_code":"SPRING","installments":3,"meta":{"a":"é"},"flags":[1,"x"],"paid":true,"price":1.50}}}
            """);

        Assert.Equal("gold", ping.Lead.Snapshot["loyalty_tier"]!.GetValue<string>());
        Assert.Equal(2, ping.Lead.Snapshot["extra"]!["nested"]!.AsArray().Count);
        var fields = ping.Transaction!.Fields;
        Assert.Equal("SPRING", fields["coupon_code"]);
        Assert.Equal("3", fields["installments"]);
        Assert.Equal("""{"a":"é"}""", fields["meta"]);
        Assert.Equal("""[1,"x"]""", fields["flags"]);
        Assert.Equal("true", fields["paid"]);
        Assert.Equal("1.50", fields["price"]);
    }

    [Fact]
    public void The_snapshot_is_a_copy_independent_of_later_parses()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"assign_tag","lead":{"id":1,"email":"a@b.c"}}""");
        var first = Ok(body);
        first.Lead.Snapshot["email"] = "changed";

        Assert.Equal("a@b.c", Ok(body).Lead.Snapshot["email"]!.GetValue<string>());
        Assert.Null(first.Lead.Snapshot.Parent);
    }

    [Fact]
    public void A_ping_without_a_lead_has_a_lead_with_nothing_known()
    {
        var ping = Ok("""{"action":"assign_tag","action_details":{"tag":{"tag_id":1,"tag_name":"VIP"}}}""");

        Assert.Null(ping.Lead.Id);
        Assert.Null(ping.Lead.Email);
        Assert.Null(ping.Lead.Name);
        Assert.Empty(ping.Lead.CustomFields);
        Assert.Empty(ping.Lead.Snapshot);
    }

    [Fact]
    public void An_unknown_action_is_accepted_and_described_from_its_name()
    {
        var ping = Ok("""{"action":"coupon_redeemed","lead":{"id":3},"action_details":{"coupon":{"coupon_id":4,"coupon_name":"SPRING24"}}}""");

        Assert.Equal("coupon_redeemed", ping.Action);
        Assert.False(ping.IsDocumented);
        Assert.Null(ping.Subject);
        Assert.Equal("coupon redeemed: SPRING24", ping.Summary);
        Assert.Equal("mystery", Ok("""{"action":"mystery"}""").Summary);
    }

    [Fact]
    public void An_unknown_action_with_transaction_details_still_gets_its_transaction()
    {
        var ping = Ok("""{"action":"chargeback","action_details":{"transaction_details":{"transaction_id":"55","transaction_type":"chargeback","product_name":"Course X","transaction_full_amount":"97.00"}}}""");

        Assert.Null(ping.Subject);
        Assert.Equal(55L, ping.Transaction!.TransactionId);
        Assert.Equal("chargeback", ping.Transaction.Type);
        Assert.Null(ping.Transaction.SignedAmount);
        Assert.Equal("chargeback: Course X for 97.00", ping.Summary);
    }

    [Fact]
    public void A_transaction_without_a_known_type_falls_back_to_unknown()
    {
        var ping = Ok("""{"action":"mystery","action_details":{"transaction_details":{"transaction_full_amount":1}}}""");

        Assert.Equal("unknown", ping.Transaction!.Type);
    }

    [Fact]
    public void Filled_form_also_accepts_its_details_under_form()
    {
        var underForm = Ok("""{"action":"filled_form","action_details":{"form":{"form_id":"5","form_name":"Contact us"}}}""");
        var tagNamed = Ok("""{"action":"filled_form","action_details":{"tag":{"tag_id":"6","tag_name":"Webinar signup"}}}""");

        Assert.Equal(new PingSubject("form", "5", "Contact us"), underForm.Subject);
        Assert.Equal("Filled form: Contact us", underForm.Summary);
        Assert.Equal(new PingSubject("form", "6", "Webinar signup"), tagNamed.Subject);
    }

    [Fact]
    public void Subject_fields_sent_without_their_wrapper_object_are_still_read()
    {
        var ping = Ok("""{"action":"assign_tag","action_details":{"tag_id":3,"tag_name":"VIP"}}""");

        Assert.Equal(new PingSubject("tag", "3", "VIP"), ping.Subject);
    }

    [Fact]
    public void Reaching_a_score_accepts_the_points_as_text()
    {
        Assert.Equal(120, Ok("""{"action":"reaches_score","action_details":{"points":"120"}}""").Points);
        Assert.Null(Ok("""{"action":"reaches_score","action_details":{"points":"N/A"}}""").Points);
        Assert.Equal("Reached score", Ok("""{"action":"reaches_score"}""").Summary);
    }

    [Fact]
    public void Summaries_are_single_plain_lines_with_long_names_cut()
    {
        var longName = new string('x', 5000);
        var ping = Ok("""{"action":"assign_tag","action_details":{"tag":{"tag_name":"VIP\n\t<b>gold</b>   """ + longName + "\"}}}");

        Assert.DoesNotContain('\n', ping.Summary);
        Assert.DoesNotContain('\t', ping.Summary);
        Assert.StartsWith("Tag assigned: VIP <b>gold</b> xxx", ping.Summary);
        Assert.True(ping.Summary.Length <= 250, $"{ping.Summary.Length} characters");
        Assert.EndsWith("…", ping.Summary);
        Assert.Equal(5000 + 19, ping.Subject!.Name!.Length); // the subject itself keeps the full name
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value()
    {
        var ping = Ok("""{"action":"list_subscription","action":"assign_tag","lead":{"id":1,"id":2}}""");

        Assert.Equal("assign_tag", ping.Action);
        Assert.Equal("2", ping.Lead.Id);
    }

    [Fact]
    public void Comments_and_surrounding_whitespace_are_tolerated()
    {
        var ping = Ok("  \r\n /* from a proxy */ {\"action\":\"assign_tag\", // note\n \"lead\":{\"id\":1,},}\n\n");

        Assert.Equal("assign_tag", ping.Action);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"action":"assign_tag"}""")).ToArray();

        Assert.Equal("assign_tag", Ok(body).Action);
        var formBody = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("action=assign_tag")).ToArray();
        Assert.Equal("assign_tag", Ok(formBody).Action);
    }

    // ---- Form bodies ----

    [Fact]
    public void A_form_body_with_PHP_keys_builds_the_same_tree_as_JSON()
    {
        const string body =
            "action=assign_tag&lead[id]=17&lead[email]=a%40b.c&lead[first_name]=Mary+Ann&lead[score]=40" +
            "&lead[custom_fields][0][field_id]=1&lead[custom_fields][0][field_identifier]=color&lead[custom_fields][0][field_type]=checkbox" +
            "&lead[custom_fields][0][field_value][0][option_id]=1&lead[custom_fields][0][field_value][0][option_value]=red" +
            "&lead[custom_fields][0][field_value][1][option_id]=2&lead[custom_fields][0][field_value][1][option_value]=blue" +
            "&lead[custom_fields][1][field_id]=2&lead[custom_fields][1][field_value]=hello+world" +
            "&action_details[tag][tag_id]=4&action_details[tag][tag_name]=VIP";

        var ping = Ok(body);

        Assert.Equal("assign_tag", ping.Action);
        Assert.Equal("17", ping.Lead.Id);
        Assert.Equal("a@b.c", ping.Lead.Email);
        Assert.Equal("Mary Ann", ping.Lead.FirstName);
        Assert.Equal(40, ping.Lead.Score);
        Assert.Equal(new PingSubject("tag", "4", "VIP"), ping.Subject);
        Assert.Equal("Tag assigned: VIP", ping.Summary);
        Assert.Equal(2, ping.Lead.CustomFields.Count);
        Assert.Equal(new[] { "red", "blue" }, ping.Lead.CustomFields[0].Values);
        Assert.Equal(new[] { "hello world" }, ping.Lead.CustomFields[1].Values);
        Assert.IsType<JsonArray>(ping.Lead.Snapshot["custom_fields"]);
        Assert.IsType<JsonArray>(ping.Lead.Snapshot["custom_fields"]![0]!["field_value"]);
    }

    [Fact]
    public void Form_keys_may_be_percent_encoded_and_use_empty_brackets_to_append()
    {
        var ping = Ok("action=assign_tag&lead%5Bemail%5D=x%40y.z&lead[custom_fields][][field_value]=a&lead[custom_fields][][field_value]=b");

        Assert.Equal("x@y.z", ping.Lead.Email);
        Assert.Equal(new[] { "a", "b" }, ping.Lead.CustomFields.Select(f => f.Values.Single()));
    }

    [Fact]
    public void A_form_transaction_reads_amounts_from_text()
    {
        var ping = Ok("action=buy_product&action_details[transaction_details][transaction_id]=12&action_details[transaction_details][transaction_full_amount]=19.90" +
                      "&action_details[transaction_details][product_name]=Ebook&action_details[transaction_details][transaction_date]=2024-07-01+12%3A00%3A00");

        Assert.Equal(12L, ping.Transaction!.TransactionId);
        Assert.Equal(19.90m, ping.Transaction.FullAmount);
        Assert.Equal("19.90", ping.Transaction.Fields["transaction_full_amount"]);
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.FromHours(-4)), ping.Transaction.Date);
        Assert.Equal("Bought: Ebook for 19.90", ping.Summary);
    }

    [Fact]
    public void A_megabyte_of_appended_form_fields_keeps_each_field_in_its_own_place_in_order()
    {
        // "[]" takes the next free index, also after an explicit one: "[0]" then "[]" is 1.
        var body = new StringBuilder("action=assign_tag&lead[custom_fields][0][field_value]=v0");
        for (var i = 1; i < 28_000; i++) body.Append("&lead[custom_fields][][field_value]=v").Append(i);
        Assert.True(body.Length > 1_000_000, $"{body.Length} bytes");

        var ping = Ok(body.ToString());

        Assert.Equal(Enumerable.Range(0, 28_000).Select(i => $"v{i}"), ping.Lead.CustomFields.Select(f => Assert.Single(f.Values)));
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("data")]
    [InlineData("anything_else")]
    public void A_form_field_holding_the_JSON_ping_is_the_ping(string fieldName)
    {
        var json = Fixtures.Text("list_subscription_doc_example.json");
        var body = $"token=abc&{fieldName}={Uri.EscapeDataString(json)}";

        var ping = Ok(body);

        Assert.Equal("list_subscription", ping.Action);
        Assert.Equal("johndoe@gmail.com", ping.Lead.Email);
        Assert.Equal("Subscribed to list: list 1", ping.Summary);
    }

    [Fact]
    public void A_form_field_holding_JSON_without_an_action_is_not_taken_for_the_ping()
    {
        var ping = Ok($"action=assign_tag&extra={Uri.EscapeDataString("""{"note":"hi"}""")}");

        Assert.Equal("assign_tag", ping.Action);
    }

    // ---- Failures: always a message, never an exception ----

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \r\n\t ", "empty")]
    [InlineData("{\"action\":\"assign_tag\"", "not valid JSON")]
    [InlineData("{\"action\": assign_tag}", "not valid JSON")]
    [InlineData("{\"action\":\"a\"} trailing", "not valid JSON")]
    [InlineData("{}", "no string \"action\"")]
    [InlineData("{\"lead\":{}}", "no string \"action\"")]
    [InlineData("{\"action\":null}", "no string \"action\"")]
    [InlineData("{\"action\":12}", "no string \"action\"")]
    [InlineData("{\"action\":{\"name\":\"x\"}}", "no string \"action\"")]
    [InlineData("{\"action\":\"\"}", "empty \"action\"")]
    [InlineData("{\"action\":\"   \"}", "empty \"action\"")]
    [InlineData("[{\"action\":\"assign_tag\"}]", "not an object")]
    [InlineData("\"assign_tag\"", "not an object")]
    [InlineData("42", "not an object")]
    [InlineData("/* nothing */ [1]", "not an object")]
    [InlineData("[1,", "not valid JSON")]
    [InlineData("hello world", "neither JSON nor a form")]
    [InlineData("<?xml version=\"1.0\"?><ping/>", "neither JSON nor a form")]
    [InlineData("lead[email]=a%40b.c", "no string \"action\"")]
    [InlineData("action[x]=1", "no string \"action\"")]
    [InlineData("action=", "empty \"action\"")]
    public void Bodies_that_are_not_pings_fail_with_a_clear_message(string body, string expected)
    {
        var error = Fails(body);

        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Invalid_JSON_says_where()
    {
        var error = Fails("{\n  \"action\": \"assign_tag\",\n  \"lead\": {\"id\": 1,, }\n}");

        Assert.StartsWith("The body is not valid JSON:", error);
        Assert.Contains("line 3", error);
    }

    [Fact]
    public void Deeply_nested_JSON_fails_without_overflowing()
    {
        var deep = "{\"action\":\"a\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        Assert.Contains("not valid JSON", Fails(deep));
    }

    [Fact]
    public void Deeply_nested_form_keys_fail_without_overflowing()
    {
        var key = "lead" + string.Concat(Enumerable.Repeat("[a]", 10_000));

        Assert.Contains("nests deeper", Fails($"action=x&{key}=1"));
    }

    [Fact]
    public void Bodies_that_are_not_UTF8_fail_cleanly()
    {
        var latin1 = Encoding.Latin1.GetBytes("{\"action\":\"assign_tag\",\"lead\":{\"first_name\":\"Jos\u00e9\"}}");

        Assert.Contains("not valid JSON", Fails(latin1));
        Assert.Contains("neither JSON nor a form", Fails(new byte[] { 0xFF, 0xFE, 0x00, 0x61, 0x3D, 0x62 }));
        Assert.Contains("neither JSON nor a form", Fails(Encoding.Latin1.GetBytes("action=assign_tag&lead[first_name]=Jos\u00e9")));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20240701);
        var seeds = new[]
        {
            Fixtures.Read("actions/buy_product.json"),
            Fixtures.Read("list_subscription_doc_example.json"),
            Encoding.UTF8.GetBytes("action=assign_tag&lead[custom_fields][0][field_value][0][option_value]=red"),
        };

        for (var i = 0; i < 3000; i++)
        {
            byte[] body;
            if (i % 3 == 0)
            {
                body = new byte[random.Next(0, 300)];
                random.NextBytes(body);
            }
            else
            {
                // Mutate a real body so the parser gets deep into it before meeting the damage.
                body = (byte[])seeds[i % seeds.Length].Clone();
                for (var n = random.Next(1, 8); n > 0; n--) body[random.Next(body.Length)] = (byte)random.Next(256);
                if (i % 5 == 0) body = body[..random.Next(body.Length)];
            }

            var result = _parser.Parse(body);

            Assert.True((result.Ping is null) != (result.Error is null), "exactly one of Ping and Error");
            if (result.Error is not null) Assert.False(string.IsNullOrWhiteSpace(result.Error));
            if (result.Ping is not null) Assert.False(string.IsNullOrWhiteSpace(result.Ping.Action));
        }
    }

    // ---- Kartra time ----

    [Theory]
    [InlineData("2024-07-01 12:00:00", "2024-07-01T12:00:00-04:00")]
    [InlineData("2024-01-15 12:00:00", "2024-01-15T12:00:00-05:00")]
    [InlineData("2024-03-10 01:59:59", "2024-03-10T01:59:59-05:00")]
    [InlineData("2024-03-10 03:00:00", "2024-03-10T03:00:00-04:00")]
    [InlineData("2024-11-03 00:30:00", "2024-11-03T00:30:00-04:00")]
    [InlineData("2024-11-03 01:30:00", "2024-11-03T01:30:00-04:00")]
    [InlineData("2024-11-03 02:00:00", "2024-11-03T02:00:00-05:00")]
    [InlineData(" 2018-04-26 00:00:00 ", "2018-04-26T00:00:00-04:00")]
    [InlineData("2024-07-01", "2024-07-01T00:00:00-04:00")]
    [InlineData("2024-07-01T12:00:00", "2024-07-01T12:00:00-04:00")]
    [InlineData("2024-07-01T12:00:00+02:00", "2024-07-01T12:00:00+02:00")]
    [InlineData("2024-07-01T12:00:00Z", "2024-07-01T12:00:00+00:00")]
    [InlineData("2024-07-01T12:00:00.250-07:00", "2024-07-01T12:00:00.250-07:00")]
    public void Kartra_times_are_read_in_the_account_zone_unless_they_carry_an_offset(string text, string expected)
    {
        var parsed = KartraTime.Parse(text, NewYork);

        Assert.NotNull(parsed);
        var want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(want, parsed.Value);
        Assert.Equal(want.Offset, parsed.Value.Offset);
    }

    [Fact]
    public void A_time_skipped_by_the_spring_change_still_reads_as_a_moment()
    {
        var parsed = KartraTime.Parse("2024-03-10 02:30:00", NewYork);

        Assert.Equal(new DateTimeOffset(2024, 3, 10, 7, 30, 0, TimeSpan.Zero), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("N/A")]
    [InlineData("0000-00-00 00:00:00")]
    [InlineData("0000-00-00")]
    [InlineData("yesterday")]
    [InlineData("2024-13-45 99:99:99")]
    [InlineData("07/01/2024 12:00")]
    [InlineData("9999-12-31 23:59:59")]
    public void Missing_zero_or_garbage_times_are_no_date(string? text)
    {
        Assert.Null(KartraTime.Parse(text, NewYork));
    }
}

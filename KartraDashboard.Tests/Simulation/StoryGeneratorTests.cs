using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KartraDashboard.Ingestion;
using KartraDashboard.Simulation;

namespace KartraDashboard.Tests.Simulation;

[Trait("Category", "Fast")]
public class StoryGeneratorTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 8, 0, 0);

    private static IReadOnlyList<GeneratedPing> Pings(int count, int seed = 42) => new StoryGenerator(seed, Start).Take(count);

    private static JsonObject Parse(GeneratedPing ping) => (JsonObject)JsonNode.Parse(ping.Body)!;

    /// <summary>Kartra sends numbers either way: 12 or "12".</summary>
    private static decimal Number(JsonNode? node) => node!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? decimal.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
        : node.GetValue<decimal>();

    [Fact]
    public void The_same_seed_gives_byte_identical_pings()
    {
        var first = Pings(500);
        var second = Pings(500);

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++) Assert.Equal(first[i].Body, second[i].Body);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void With_new_leads_every_ping_is_from_a_lead_no_story_run_has()
    {
        var pings = new StoryGenerator(42, Start, newLeads: true).Take(2000);
        var storyLeads = Pings(5000).Select(p => p.LeadId).ToHashSet();

        Assert.Equal(pings.Count, pings.Select(p => p.LeadId).Distinct().Count());
        Assert.Equal(pings.Select(p => p.LeadId), pings.Select(p => long.Parse(Parse(p)["lead"]!["id"]!.ToString(), CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(pings, p => storyLeads.Contains(p.LeadId));
    }

    [Fact]
    public void Enumerating_one_generator_twice_starts_over()
    {
        var generator = new StoryGenerator(7, Start);

        Assert.Equal(generator.Take(50).Select(p => p.Body), generator.Take(50).Select(p => p.Body));
    }

    [Fact]
    public void A_different_seed_gives_different_pings()
    {
        var first = Pings(100, seed: 1);
        var second = Pings(100, seed: 2);

        Assert.NotEqual(first.Select(p => Convert.ToBase64String(p.Body)), second.Select(p => Convert.ToBase64String(p.Body)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20260101)]
    public void A_run_of_200_pings_contains_all_25_documented_actions(int seed)
    {
        var actions = Pings(200, seed).Select(p => Parse(p)["action"]!.GetValue<string>()).ToHashSet();

        Assert.Equal([], ActionCatalog.All.Select(a => a.Name).Where(a => !actions.Contains(a)));
    }

    [Fact]
    public void Whatever_the_seed_the_showcase_lead_performs_all_25_actions_within_150_pings()
    {
        var documented = ActionCatalog.All.Select(a => a.Name).ToHashSet();
        for (var seed = 0; seed < 30; seed++)
        {
            var seen = Pings(150, seed).Select(p => p.Action).ToHashSet();
            Assert.True(documented.IsSubsetOf(seen), $"seed {seed} misses {string.Join(", ", documented.Except(seen))}");
        }
    }

    [Fact]
    public void A_run_of_300_pings_has_all_25_actions_and_only_documented_ones()
    {
        var actions = Pings(300).Select(p => Parse(p)["action"]!.GetValue<string>()).ToHashSet();

        Assert.Equal(ActionCatalog.All.Select(a => a.Name).Order(), actions.Order());
    }

    [Fact]
    public void Every_body_is_a_json_object_with_lead_action_and_action_details()
    {
        foreach (var ping in Pings(300))
        {
            var body = Parse(ping);
            Assert.IsType<JsonObject>(body["lead"]);
            Assert.Equal(ping.Action, body["action"]!.GetValue<string>());
            Assert.IsType<JsonObject>(body["action_details"]);
            Assert.Equal(ping.LeadId, (long)Number(body["lead"]!["id"]));
        }
    }

    [Fact]
    public void Every_action_carries_its_documented_details_key()
    {
        foreach (var ping in Pings(300))
        {
            var body = Parse(ping);
            var details = body["action_details"]!.AsObject();
            var key = ActionCatalog.Find(ping.Action)!.Subject!.Holder;
            if (key is null) Assert.True(details.ContainsKey("points"), "reaches_score carries points");
            else Assert.True(details.ContainsKey(key), $"{ping.Action} carries {key}");
        }
    }

    [Fact]
    public void Filled_form_details_sit_under_tag_with_form_id_and_name_as_Kartra_documents()
    {
        var form = Pings(300).Where(p => p.Action == "filled_form").Select(p => Parse(p)["action_details"]!["tag"]!).First();

        Assert.NotNull(form["form_id"]);
        Assert.False(string.IsNullOrEmpty(form["form_name"]!.GetValue<string>()));
    }

    [Fact]
    public void Every_lead_carries_all_documented_lead_fields()
    {
        string[] documented =
        [
            "id", "first_name", "middle_name", "last_name", "last_name2", "email", "phone_country_code", "phone", "company",
            "address", "city", "zip", "state", "country", "date_joined", "website", "ip", "ip_country", "facebook", "twitter",
            "linkedin", "google_plus", "sales_tax_id", "lead_picture", "source", "score", "lead_deleted", "lead_deleted_date",
            "referring_id", "blacklisted", "source_id", "gdpr_lead_status", "gdpr_lead_status_date", "gdpr_lead_status_ip",
            "gdpr_lead_communications", "custom_fields",
        ];
        foreach (var ping in Pings(100))
        {
            var lead = Parse(ping)["lead"]!.AsObject();
            Assert.Equal([], documented.Where(f => !lead.ContainsKey(f)));
        }
    }

    [Fact]
    public void Sales_refunds_and_cancellations_carry_every_field_documented_for_them()
    {
        string[] refundMissing = ["trial_payment", "trial_period", "rebill_circle", "payments_left"];
        string[] cancellation =
        [
            "transaction_id", "buyer_first_name", "buyer_last_name", "buyer_email", "buyer_username", "buyer_id", "product_name",
            "product_id", "product_price_point", "transaction_date", "transaction_type", "transaction_subscription_id", "original_id",
            "buyer_billing_country", "buyer_billing_state", "buyer_billing_phone_country_code", "buyer_billing_phone_number",
            "buyer_billing_address", "buyer_billing_city", "buyer_billing_zip", "payment_processor_type",
        ];
        foreach (var ping in Pings(300).Where(p => p.TransactionId is not null))
        {
            var t = Parse(ping)["action_details"]!["transaction_details"]!.AsObject();
            var expected = ping.Action switch
            {
                "buy_product" => TransactionFields.Documented,
                "cancel_subscription" => cancellation,
                _ => TransactionFields.Documented.Except(refundMissing).ToList(),
            };
            Assert.Equal([], expected.Where(f => !t.ContainsKey(f)));
            Assert.Equal(ActionCatalog.Of(ping.Action).TransactionType, t["transaction_type"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Transaction_ids_are_unique_and_refunds_reference_an_earlier_sale()
    {
        var pings = Pings(1000);
        var ids = new HashSet<decimal>();
        var sales = new HashSet<decimal>();
        foreach (var ping in pings.Where(p => p.TransactionId is not null))
        {
            var t = Parse(ping)["action_details"]!["transaction_details"]!;
            var id = Number(t["transaction_id"]);
            Assert.True(ids.Add(id), $"transaction id {id} sent twice");
            if (ping.Action == "buy_product") sales.Add(id);
            if (ping.Action is "refund_product" or "partial_refund_product")
                Assert.Contains(Number(t["transaction_parent_id"]), sales);
        }
        Assert.Contains(pings, p => p.Action == "partial_refund_product");
    }

    [Fact]
    public void Sent_totals_equal_the_sums_recomputed_from_the_bodies()
    {
        var pings = Pings(300);
        long sales = 0, refunds = 0, cancellations = 0;
        decimal salesAmount = 0, refundsAmount = 0;
        var latest = new Dictionary<decimal, (int Status, int Communications)>();
        foreach (var body in pings.Select(Parse))
        {
            var action = body["action"]!.GetValue<string>();
            var amount = body["action_details"]!["transaction_details"]?["transaction_full_amount"];
            switch (action)
            {
                case "buy_product": sales++; salesAmount += Number(amount); break;
                case "refund_product" or "partial_refund_product": refunds++; refundsAmount += Math.Abs(Number(amount)); break;
                case "cancel_subscription": cancellations++; break;
            }
            var lead = body["lead"]!;
            latest[Number(lead["id"])] = ((int)Number(lead["gdpr_lead_status"]), (int)Number(lead["gdpr_lead_communications"]));
        }

        var totals = SentTotals.Of(pings);

        Assert.Equal(300, totals.Pings);
        Assert.Equal(sales, totals.Sales);
        Assert.Equal(salesAmount, totals.SalesAmount);
        Assert.Equal(refunds, totals.Refunds);
        Assert.Equal(refundsAmount, totals.RefundsAmount);
        Assert.Equal(cancellations, totals.Cancellations);
        Assert.Equal(latest.Count, totals.Leads);
        for (var status = 0; status <= 5; status++)
            Assert.Equal(latest.Values.Count(v => v.Status == status), totals.LeadsByGdprStatus[status]);
        Assert.Equal(latest.Values.Count(v => v.Communications == 0), totals.CommunicationsAgreed);
        Assert.Equal(latest.Values.Count(v => v.Communications == 1), totals.CommunicationsNotAgreed);
        Assert.True(totals.Sales > 0 && totals.Refunds > 0 && totals.Cancellations > 0);
    }

    [Fact]
    public void Money_has_two_decimals_and_a_sale_adds_up_from_its_parts()
    {
        foreach (var ping in Pings(500).Where(p => p.Action == "buy_product"))
        {
            var t = Parse(ping)["action_details"]!["transaction_details"]!;
            var full = Number(t["transaction_full_amount"]);
            Assert.Matches(@"^-?\d+\.\d\d$", t["transaction_full_amount"]!.ToJsonString().Trim('"'));
            Assert.Equal(full, Number(t["transaction_base_amount"]) - Number(t["transaction_discount"])
                               + Number(t["transaction_tax"]) + Number(t["transaction_shipping"]));
        }
    }

    [Fact]
    public void Pings_vary_like_real_traffic()
    {
        var bodies = Pings(1000).Select(Parse).ToList();
        var leads = bodies.Select(b => b["lead"]!).ToList();
        var transactions = bodies.Select(b => b["action_details"]!["transaction_details"]).OfType<JsonNode>().ToList();

        Assert.Equal([0, 1, 2, 3, 4, 5], leads.Select(l => (int)Number(l["gdpr_lead_status"])).Distinct().Order());
        Assert.Equal([0, 1], leads.Select(l => (int)Number(l["gdpr_lead_communications"])).Distinct().Order());
        Assert.Equal(["checkbox", "drop_down", "input_field", "radio_button", "text_area"],
            leads.SelectMany(l => l["custom_fields"]!.AsArray()).Select(f => f!["field_type"]!.GetValue<string>()).Distinct().Order());
        Assert.Contains(leads, l => l["id"]!.GetValueKind() == System.Text.Json.JsonValueKind.String);
        Assert.Contains(leads, l => l["id"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number);
        Assert.Equal(["Authorize.net", "Braintree", "PayPal", "Stripe"],
            transactions.Select(t => t["payment_processor_type"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        var payments = transactions.Where(t => t["transaction_type"]!.GetValue<string>() != "cancellation").ToList();
        Assert.Contains(payments, t => Number(t["transaction_tax"]) > 0);
        Assert.Contains(payments, t => Number(t["transaction_discount"]) > 0);
        Assert.Contains(payments, t => Number(t["transaction_shipping"]) > 0);
        Assert.Contains(payments, t => t["transaction_affiliate"]!.GetValue<string>().Length > 0);
        Assert.Contains(payments, t => t["transaction_jv"]!.GetValue<string>().Length > 0);
        Assert.Contains(payments, t => Number(t["transaction_subscription_pay_number"]) > 1);
        Assert.Contains(leads, l => l["first_name"]!.GetValue<string>().Any(c => c > 0x2E80)); // CJK and other scripts
    }

    [Fact]
    public void Dates_are_Kartras_naive_format_and_a_leads_score_never_falls()
    {
        var naive = new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$");
        var scores = new Dictionary<decimal, decimal>();
        foreach (var body in Pings(500).Select(Parse))
        {
            var lead = body["lead"]!;
            Assert.Matches(naive, lead["date_joined"]!.GetValue<string>());
            Assert.Matches(naive, lead["gdpr_lead_status_date"]!.GetValue<string>());
            if (body["action_details"]!["transaction_details"] is { } t)
                Assert.Matches(naive, t["transaction_date"]!.GetValue<string>());
            var id = Number(lead["id"]);
            var score = Number(lead["score"]);
            Assert.True(score >= scores.GetValueOrDefault(id), "score never falls");
            scores[id] = score;
        }
        Assert.Contains(scores.Values, s => s >= 50);
    }

    [Fact]
    public void Reaches_score_follows_the_ping_that_crossed_the_milestone()
    {
        foreach (var body in Pings(500).Where(p => p.Action == "reaches_score").Select(Parse))
        {
            var points = Number(body["action_details"]!["points"]);
            Assert.Contains((int)points, SimulationCatalog.ScoreMilestones);
            Assert.True(Number(body["lead"]!["score"]) >= points);
        }
    }
}

using System.Text.Json.Nodes;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using LiteDB;
using MudBlazor;

namespace KartraDashboard.Tests.Ingestion;

/// <summary>The catalog against Kartra's own documentation (a copy in Fixtures) and the fixtures written after it.</summary>
[Trait("Category", "Fast")]
public class ActionCatalogTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>
    /// Each action's part of the documentation: the text from its "action" heading (a line "action"
    /// followed by bullets naming it) to the next one. Refunds and partial refunds share one part.
    /// </summary>
    private static Dictionary<string, string> DocumentedSections()
    {
        var lines = Fixtures.Text("kartra-outbound-api.txt").Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var headings = Enumerable.Range(0, lines.Count).Where(i => lines[i].Trim() == "action").ToList();
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var h = 0; h < headings.Count; h++)
        {
            var end = h + 1 < headings.Count ? headings[h + 1] : lines.Count;
            var text = string.Join('\n', lines[headings[h]..end]);
            for (var i = headings[h] + 1; i < end && lines[i].TrimStart().StartsWith('•'); i++)
                sections.Add(lines[i].Trim().TrimStart('•').Trim().Split(' ')[0], text);
        }
        return sections;
    }

    public static TheoryData<string> Documented() => new(ActionCatalog.All.Select(a => a.Name));

    private static JsonObject FixtureDetails(string action) =>
        TestPings.From(action)["action_details"]!.AsObject();

    [Fact]
    public void Every_action_in_Kartras_documentation_has_one_catalog_entry_and_no_other_is_documented()
    {
        var documented = DocumentedSections().Keys.Order().ToList();

        Assert.Equal(25, documented.Count);
        Assert.Equal(documented, ActionCatalog.All.Select(a => a.Name).Order());
        Assert.All(documented, name => Assert.True(ActionCatalog.Of(name).IsDocumented, name));
        Assert.Equal(25, ActionCatalog.All.Select(a => a.Label).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void The_subject_keys_are_in_the_actions_fixture_and_in_its_documentation(string action)
    {
        var source = ActionCatalog.Find(action)!.Subject;
        Assert.NotNull(source);
        var details = FixtureDetails(action);
        var section = DocumentedSections()[action];

        var holder = source.Holder is null ? details : details[source.Holder] as JsonObject;
        Assert.True(holder is not null, $"{action}'s fixture has no object \"{source.Holder}\"");
        if (source.Holder is not null) Assert.Contains($"\"{source.Holder}\":{{", section);

        string?[] keys = [source.IdKey, source.NameKey, source.PreferredNameKey, source.PartIdKey, source.PartNameKey];
        foreach (var key in keys.OfType<string>())
        {
            Assert.True(holder.ContainsKey(key), $"{action}'s fixture has no \"{key}\" under \"{source.Holder}\"");
            Assert.Contains($"\"{key}\":", section);
        }
    }

    [Fact]
    public void Subject_kinds_are_the_contracts_and_each_is_used()
    {
        string[] kinds =
        [
            "tag", "list", "form", "sequence", "tracking_link", "split_test_link", "product", "video", "page",
            "membership", "calendar", "affiliate_program", "jv_program", "score",
        ];

        Assert.Equal(kinds.Order(), ActionCatalog.All.Select(a => a.Subject!.Kind).Distinct().Order());
        // Only memberships and calendars have parts (a level, a class).
        Assert.All(ActionCatalog.All, a => Assert.Equal(
            a.Subject!.Kind is "membership" or "calendar", a.Subject.PartIdKey is not null && a.Subject.PartNameKey is not null));
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void An_action_with_transaction_details_declares_the_type_its_fixture_sends(string action)
    {
        var entry = ActionCatalog.Find(action)!;
        var transaction = FixtureDetails(action)["transaction_details"] as JsonObject;

        Assert.Equal(transaction?["transaction_type"]?.GetValue<string>(), entry.TransactionType);
        Assert.Equal(transaction is not null, entry.Subject!.Holder == ActionCatalog.TransactionDetails);
        Assert.Equal(transaction is not null, entry.Group == ActionGroup.Sales);
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void An_actions_standing_lands_in_the_leads_field_for_its_kind_of_subject(string action)
    {
        var entry = ActionCatalog.Find(action)!;
        var ping = new PingParser(NewYork).Parse(Fixtures.Read($"actions/{action}.json")).Ping!;
        var lead = new BsonDocument();

        LeadState.Apply(lead, ping, new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));

        var states = new[] { LeadState.Tags, LeadState.Lists, LeadState.Sequences, LeadState.Memberships, LeadState.Calendars }
            .SelectMany(field => LeadState.Read(lead, field).Select(item => (field, item.State)))
            .ToList();
        // An action with a standing leaves one item, in the lead's field for its kind of subject.
        Assert.Equal(entry.Standing is null ? [] : [(entry.Subject!.Kind + "s", entry.Standing)], states);
    }

    [Fact]
    public void Undoing_actions_are_red_and_documented_ones_have_a_colour()
    {
        string[] undoing = ["unassign_tag", "list_unsubscription", "sequence_unsubscription", "membership_revoked", "calendar_cancel"];

        Assert.All(undoing, a => Assert.Equal(Color.Error, ActionCatalog.Of(a).Color));
        Assert.All(ActionCatalog.All.Where(a => a.TransactionType is not null),
            a => Assert.Equal(a.TransactionType == TransactionTypes.Sale ? Color.Success : Color.Error, a.Color));
        Assert.Equal(["reaches_score"], ActionCatalog.All.Where(a => a.Color == Color.Default).Select(a => a.Name));
    }

    [Fact]
    public void An_action_Kartra_does_not_document_gets_the_generic_entry()
    {
        var entry = ActionCatalog.Of("coupon_redeemed");

        Assert.Null(ActionCatalog.Find("coupon_redeemed"));
        Assert.False(entry.IsDocumented);
        Assert.Equal("coupon redeemed", entry.Label);
        Assert.Equal(ActionGroup.Other, entry.Group);
        Assert.Equal(Color.Default, entry.Color);
        Assert.Null(entry.Subject);
        Assert.Null(entry.TransactionType);
        Assert.Null(entry.Standing);
    }
}

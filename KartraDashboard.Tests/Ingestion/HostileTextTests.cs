using System.Text;
using KartraDashboard.Components.Shared;
using KartraDashboard.Ingestion;

namespace KartraDashboard.Tests.Ingestion;

[Trait("Category", "Fast")]
public class HostileTextTests
{
    private readonly PingParser _parser = new(TimeZoneInfo.Utc);

    private PingParseResult Parse(System.Text.Json.Nodes.JsonObject ping) => _parser.Parse(Encoding.UTF8.GetBytes(ping.ToJsonString()));

    [Theory]
    [InlineData("assign\u0000tag")]
    [InlineData("assign\u001btag")]
    [InlineData("assign\ntag")]
    [InlineData("assign\u0085tag")]
    public void An_action_with_control_characters_is_refused_saying_so(string action)
    {
        var ping = TestPings.From("assign_tag");
        ping["action"] = action;
        var result = Parse(ping);
        Assert.Null(result.Ping);
        Assert.Contains("control characters", result.Error);
    }

    [Theory]
    [InlineData("12\u00003")]
    [InlineData("12\u00073")]
    [InlineData("12\r3")]
    public void A_lead_id_with_control_characters_is_refused_saying_so(string id)
    {
        var result = Parse(TestPings.From("assign_tag").Lead(id));
        Assert.Null(result.Ping);
        Assert.Contains("lead id holds control characters", result.Error);
    }

    [Fact]
    public void Direction_overrides_in_names_are_neutralised_for_showing_while_the_raw_body_keeps_them()
    {
        const string spoof = "\u202Egnp.exe\u202C and \u2067isolated\u2069";
        var ping = TestPings.From("assign_tag").Lead("1", firstName: spoof).Details("tag", ("tag_name", spoof));
        var parsed = Parse(ping).Ping!;

        foreach (var shown in new[] { parsed.Subject!.Name!, parsed.Lead.FirstName!, parsed.Summary })
        {
            Assert.DoesNotContain(shown, c => Bidi.IsControl(c));
            Assert.Contains(Bidi.Replacement, shown);
        }
        Assert.Equal("\uFFFDgnp.exe\uFFFD and \uFFFDisolated\uFFFD", parsed.Subject!.Name);
        Assert.DoesNotContain(RawText.Pretty(ping.ToJsonString(), null), c => Bidi.IsControl(c));
        Assert.DoesNotContain(RawText.Pretty(spoof, "base64"), c => Bidi.IsControl(c));
        Assert.Same(spoof.Replace("\u202E", "", StringComparison.Ordinal).Replace("\u202C", "", StringComparison.Ordinal).Replace("\u2067", "", StringComparison.Ordinal).Replace("\u2069", "", StringComparison.Ordinal) is var plain ? plain : null,
            Bidi.Neutralise(plain));
    }
}

using System.Text.Json.Nodes;
using KartraDashboard.Simulation;

namespace KartraDashboard.Tests.Simulation;

[Trait("Category", "Fast")]
public class SubjectSpreadTests
{
    [Fact]
    public void The_simulated_account_has_a_few_big_tags_and_many_small_ones()
    {
        var start = new DateTime(2026, 3, 1, 12, 0, 0);
        var perTag = new StoryGenerator(42, start).Take(20_000)
            .Select(p => (JsonObject)JsonNode.Parse(p.Body)!)
            .Where(p => (string?)p["action"] == "assign_tag")
            .GroupBy(p => (string?)p["action_details"]!["tag"]!["tag_name"])
            .Select(g => g.Count())
            .OrderByDescending(n => n)
            .ToList();
        Assert.True(perTag.Count >= 25, $"{perTag.Count} tags");
        var median = perTag[perTag.Count / 2];
        Assert.True(perTag[0] >= 10 * median, $"the biggest tag has {perTag[0]} leads, the median {median}");
    }
}

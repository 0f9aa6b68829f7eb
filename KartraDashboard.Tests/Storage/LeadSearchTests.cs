using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KartraDashboard.Tests.Storage;

public class LeadSearchTests
{
    [Fact]
    public async Task A_search_counts_every_match_and_pages_them_by_latest_activity()
    {
        await using var app = new TestApp();
        var pings = new[]
        {
            TestPings.From("assign_tag").Lead("101", email: "ann.a@example.com", firstName: "Ann", gdpr: 2),
            TestPings.From("assign_tag").Lead("102", email: "ann.b@example.com", firstName: "Ann", gdpr: 3),
            TestPings.From("assign_tag").Lead("103", email: "bob.c@example.com", firstName: "Bob", gdpr: 2),
            TestPings.From("assign_tag").Lead("104", email: "hannah@example.com", firstName: "Hannah", gdpr: 2),
            TestPings.From("assign_tag").Lead("105", email: "e@example.com", firstName: "Joanne", gdpr: 3),
            TestPings.From("assign_tag").Lead("106", email: "bob.f@example.com", firstName: "Bob", gdpr: 2),
            TestPings.From("assign_tag").Lead("107", email: "u107@example.org", firstName: "Uma", gdpr: 2),
            // Lead 102 is the latest active now.
            TestPings.From("list_subscription").Lead("102", email: "ann.b@example.com", firstName: "Ann", gdpr: 3),
        };
        foreach (var p in pings) (await app.PostAsync(p.ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();

        // "total: ids of the page".
        async Task<string> Search(string query)
        {
            var page = (await api.GetFromJsonAsync<JsonObject>("/api/leads?" + query))!;
            return $"{(int)page["total"]!}: {string.Join(' ', page["items"]!.AsArray().Select(l => (string)l!["leadId"]!))}";
        }

        Assert.Equal("4: 102 105 104 101", await Search("search=ann"));
        Assert.Equal("4: 102 105 104 101", await Search("search=%20ANN%20"));
        // A first page of one is read along the latest-activity index (4 of 7 leads match); a
        // later one, which would load more leads that way, from the matches alone: the same order.
        foreach (var (query, lead) in new[] { ("take=1", "102"), ("skip=1&take=1", "105"), ("skip=2&take=1", "104"), ("skip=3&take=1", "101"), ("skip=4&take=1", "") })
            Assert.Equal($"4: {lead}", await Search("search=ann&" + query));
        Assert.Equal("2: 104 101", await Search("search=ann&gdpr=2"));
        Assert.Equal("0: ", await Search("search=zoe"));

        // An exact id is a match of its own, counted once where its email or name holds it too.
        Assert.Equal("1: 103", await Search("search=103"));
        Assert.Equal("1: 107", await Search("search=107"));
        Assert.Equal("2: 106 103", await Search("search=bob"));
        Assert.Equal("1: 105", await Search("search=e@"));
    }
}

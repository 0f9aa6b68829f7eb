using System.Collections;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using LiteDB;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// LiteDB compiles each distinct expression text once and keeps it for the life of the process,
/// so a filter that writes its value into the text (a lead id, a cursor, a day) would make every
/// read grow the process. Alone: another test's first reads would compile shapes of their own.
/// </summary>
[Collection(nameof(RunsAlone))]
public class ExpressionCacheTests
{
    private static int CachedExpressions() =>
        typeof(BsonExpression).GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(f => f.Name.StartsWith("_cache", StringComparison.Ordinal))
            .Sum(f => ((IDictionary)f.GetValue(null)!).Count);

    [Fact]
    public async Task Reads_with_values_never_seen_before_compile_no_new_expression()
    {
        Assert.True(typeof(BsonExpression).GetField("_cacheScalar", BindingFlags.Static | BindingFlags.NonPublic) is not null,
            "LiteDB no longer keeps its compiled expressions where this test looks");
        await using var app = new TestApp();
        const int leads = 60;
        for (var i = 1; i <= leads; i++)
            (await app.PostAsync(TestPings.From("buy_product").Lead($"{i}", email: $"lead{i}@example.com").Transaction(("transaction_id", 1000 + i)).ToJsonString())).EnsureSuccessStatusCode();
        using var api = app.Api();

        async Task ReadAll(int lead)
        {
            var events = (await api.GetFromJsonAsync<JsonObject>($"/api/events?lead={lead}"))!;
            var id = (string)events["items"]![0]!["id"]!;
            await api.GetFromJsonAsync<JsonObject>($"/api/events?before={id}&take=5");
            await api.GetFromJsonAsync<JsonObject>($"/api/transactions?lead={lead}");
            await api.GetFromJsonAsync<JsonObject>($"/api/leads?search=lead{lead}@");
            await api.GetFromJsonAsync<JsonObject>($"/api/leads/{lead}");
        }

        // Every shape of read once, then the same reads with other values.
        await ReadAll(1);
        var before = CachedExpressions();
        for (var lead = 2; lead <= leads; lead++) await ReadAll(lead);
        // The host's own background work may compile a shape or two of its own meanwhile; a
        // value in the text would add hundreds.
        Assert.InRange(CachedExpressions() - before, 0, 10);
    }
}

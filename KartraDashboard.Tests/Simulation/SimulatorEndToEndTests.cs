using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Ingestion;
using KartraDashboard.Simulation;

namespace KartraDashboard.Tests.Simulation;

public class SimulatorEndToEndTests
{
    [Fact]
    public async Task A_seeded_run_against_the_dashboard_is_stored_whole_and_its_figures_match()
    {
        await using var app = new TestApp();
        var settings = new SimulationSettings
        {
            WebhookUrl = new Uri(app.WebhookUrl),
            Rate = 0,
            Concurrency = 8,
            Count = 400,
            Seed = 7,
            Start = new DateTime(2026, 2, 1, 9, 0, 0),
        };
        var report = await new Simulator().RunAsync(settings, progress: null, CancellationToken.None);

        Assert.True(report.AllAccepted, $"rejected {report.Rejected}, failed {report.Failed}");
        Assert.Equal(400, report.Accepted);
        var sent = report.SentTotals;

        using var api = app.Api();
        var events = (await api.GetFromJsonAsync<JsonObject>("/api/events?take=1"))!;
        Assert.Equal(400, (int)events["total"]!);
        foreach (var action in ActionCatalog.All)
        {
            var page = (await api.GetFromJsonAsync<JsonObject>($"/api/events?action={action.Name}&take=1"))!;
            Assert.True((int)page["total"]! > 0, $"no {action.Name} was stored");
        }

        var revenue = (await api.GetFromJsonAsync<JsonObject>("/api/revenue"))!;
        Assert.Equal(sent.Sales, (long)revenue["sales"]!["count"]!);
        Assert.Equal(sent.SalesAmount, (decimal)revenue["sales"]!["amount"]!);
        Assert.Equal(sent.Refunds, (long)revenue["refunds"]!["count"]!);
        Assert.Equal(sent.RefundsAmount, (decimal)revenue["refunds"]!["amount"]!);
        Assert.Equal(sent.NetAmount, (decimal)revenue["net"]!);
        Assert.Equal(sent.Cancellations, (long)revenue["cancellations"]!);

        var gdpr = (await api.GetFromJsonAsync<JsonObject>("/api/gdpr"))!;
        for (var status = 0; status <= 5; status++)
            Assert.Equal(sent.LeadsByGdprStatus[status], (long)gdpr["byStatus"]![status]!["leads"]!);
        Assert.Equal(sent.CommunicationsAgreed, (long)gdpr["communications"]!["agreed"]!);
        Assert.Equal(sent.CommunicationsNotAgreed, (long)gdpr["communications"]!["notAgreed"]!);
        Assert.Equal(sent.Leads, (long)(await api.GetFromJsonAsync<JsonObject>("/api/leads?take=1"))!["total"]!);
    }
}

using System.Text.Json.Nodes;
using KartraDashboard.Simulation;

namespace KartraDashboard.Tests.Simulation;

public class SimulatorTests
{
    private static readonly DateTime Start = new(2026, 3, 1);

    private sealed class Recorder : IProgress<SimulationProgress>
    {
        public List<SimulationProgress> Reports { get; } = [];
        public void Report(SimulationProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public async Task In_process_it_sends_the_generated_pings_and_reports_their_totals()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();
        var progress = new Recorder();
        var settings = new SimulationSettings { WebhookUrl = webhook.Url, Count = 120, Concurrency = 6, Seed = 3, Start = Start };

        var report = await new Simulator().RunAsync(settings, progress, CancellationToken.None);

        var expected = SentTotals.Of(new StoryGenerator(3, Start).Take(120));
        Assert.True(report.AllAccepted);
        Assert.Equal(120, report.Sent);
        Assert.Equal(expected with { LeadsByGdprStatus = [] }, report.SentTotals with { LeadsByGdprStatus = [] });
        Assert.Equal(expected.LeadsByGdprStatus, report.SentTotals.LeadsByGdprStatus);
        Assert.Equal(expected.LeadsByGdprStatus, report.AcceptedTotals.LeadsByGdprStatus);
        Assert.NotNull(report.LatencyP99Ms);
        Assert.Equal(120, progress.Reports[^1].Accepted);
    }

    [Fact]
    public async Task A_leads_pings_arrive_in_the_order_they_were_generated()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();
        var settings = new SimulationSettings { WebhookUrl = webhook.Url, Count = 200, Concurrency = 16, Seed = 5, Start = Start };

        await new Simulator().RunAsync(settings, null, CancellationToken.None);

        static string Lead(byte[] body) => JsonNode.Parse(body)!["lead"]!["id"]!.ToJsonString().Trim('"');
        var generated = new StoryGenerator(5, Start).Take(200).Select(p => p.Body).ToList();
        var received = webhook.Received.Select(r => r.Body).ToList();
        Assert.Equal(200, received.Count);
        foreach (var lead in generated.Select(Lead).Distinct())
            Assert.Equal(generated.Where(b => Lead(b) == lead), received.Where(b => Lead(b) == lead));
    }

    [Fact]
    public async Task A_lead_that_waits_for_its_answer_does_not_hold_up_the_other_leads()
    {
        // The story's first lead gets no answer until eight pings have arrived: only other leads'
        // pings can make them up, as its own next ping waits for that answer.
        static string Lead(byte[] body) => JsonNode.Parse(body)!["lead"]!["id"]!.ToJsonString().Trim('"');
        var first = Lead(new StoryGenerator(9, Start).Take(1).Single().Body);
        var eight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        LoopbackWebhook? webhook = null;
        await using var _ = webhook = await LoopbackWebhook.StartAsync(beforeAnswer: async body =>
        {
            if (webhook!.Received.Count >= 8) eight.TrySetResult();
            if (Lead(body) != first || Interlocked.Increment(ref held) > 1) return;
            // A safety valve only: were the others held up, the run would end this way and fail below.
            await Task.WhenAny(eight.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        });
        var settings = new SimulationSettings { WebhookUrl = webhook.Url, Count = 60, Concurrency = 4, Seed = 9, Start = Start };

        var report = await new Simulator().RunAsync(settings, null, CancellationToken.None);

        Assert.True(report.AllAccepted);
        Assert.True(eight.Task.IsCompleted, "the other leads' pings waited for the first lead's answer");
        // Its pings still came in the story's order.
        var generated = new StoryGenerator(9, Start).Take(60).Select(p => p.Body).Where(b => Lead(b) == first);
        Assert.Equal(generated, webhook.Received.Select(r => r.Body).Where(b => Lead(b) == first));
    }

    [Fact]
    public async Task Cancelling_stops_sending_and_still_reports()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();
        using var cancel = new CancellationTokenSource();
        var settings = new SimulationSettings { WebhookUrl = webhook.Url, Rate = 200, Seed = 1, Start = Start };
        var progress = new Recorder();

        var run = new Simulator().RunAsync(settings, progress, cancel.Token);
        while (webhook.Received.Count < 5) await Task.Delay(10);
        await cancel.CancelAsync();
        var report = await run;

        Assert.Equal("cancelled", report.StoppedEarly);
        Assert.Equal(report.Sent, report.Accepted + report.Rejected + report.Failed);
        Assert.Equal(report.Sent, webhook.Received.Count);
    }

    [Fact]
    public async Task A_duration_ends_an_uncounted_run()
    {
        await using var webhook = await LoopbackWebhook.StartAsync();
        var settings = new SimulationSettings { WebhookUrl = webhook.Url, Rate = 100, Duration = TimeSpan.FromMilliseconds(300), Start = Start };

        var report = await new Simulator().RunAsync(settings, null, CancellationToken.None);

        Assert.Null(report.StoppedEarly);
        Assert.True(report.Sent > 0);
        Assert.Equal(report.Sent, report.Accepted);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Latency_percentiles_come_within_one_percent()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 100; ms++) histogram.Record(ms);

        Assert.InRange(histogram.Percentile(50)!.Value, 50, 50.5);
        Assert.InRange(histogram.Percentile(99)!.Value, 99, 100);
        Assert.Null(new LatencyHistogram().Percentile(50));
    }
}

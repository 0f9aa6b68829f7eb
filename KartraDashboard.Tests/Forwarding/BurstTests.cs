using System.Net;
using KartraDashboard.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Forwarding;

/// <summary>A burst of pings must keep the machine to itself: run alone, so other tests' load cannot break the burst up.</summary>
[Collection(nameof(RunsAlone))]
public class BurstTests
{
    [Fact]
    public async Task A_burst_of_pings_pauses_a_run_of_deliveries_after_the_one_in_flight_and_none_is_lost()
    {
        await using var receiver = await Receiver.StartAsync();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Hold = first;
        // A burst holds deliveries back for two seconds after its last sign, not a quarter of one:
        // a pause of the test machine's own must not end the burst the test makes.
        await using var app = new TestApp(services: s => s.PostConfigure<StorageOptions>(o => o.BurstHold = TimeSpan.FromSeconds(2)));
        using var api = app.Api();
        await ForwardingTests.CreateTarget(api, receiver.At("/hooks"));

        // One at a time, so no burst yet. The first ping's delivery is held open while the others
        // are owed; once it is answered, the next run starts over all of them, and its first call waits.
        const int before = 20;
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(TestPings.From("assign_tag").Lead("0").ToJsonString())).StatusCode);
        await Receiver.Until(() => receiver.Open == 1, "the first delivery under way");
        for (var i = 1; i < before; i++)
            Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(TestPings.From("assign_tag").Lead($"{i}").ToJsonString())).StatusCode);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Hold = second;
        first.SetResult();
        await Receiver.Until(() => receiver.Received.Count == 1 && receiver.Open == 1, "the next run's first delivery under way");

        // A burst: many pings in flight, so commits take several at once.
        var sent = 0;
        using var stop = new CancellationTokenSource();
        var burst = Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                using var response = await app.PostAsync(TestPings.From("assign_tag").Lead($"b{worker}-{n}").ToJsonString());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
        await Receiver.Until(() => Volatile.Read(ref sent) > 100, "the burst under way");

        // The call in flight is answered while the burst goes on: the run stops there, with nineteen owed.
        receiver.Hold = null;
        second.SetResult();
        await Receiver.Until(() => receiver.Received.Count >= 2, "the run's first delivery answered");
        var later = Volatile.Read(ref sent) + 200;
        await Receiver.Until(() => Volatile.Read(ref sent) > later, "two hundred more pings of the burst");
        Assert.Equal(2, receiver.Received.Count);

        await stop.CancelAsync();
        await burst;
        // Once the burst is over, every ping is delivered.
        var total = before + Volatile.Read(ref sent);
        await Receiver.Until(() => receiver.Received.Count == total, $"all {total} deliveries");
    }
}

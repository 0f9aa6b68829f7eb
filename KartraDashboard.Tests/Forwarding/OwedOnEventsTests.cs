using System.Net;
using KartraDashboard.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Forwarding;

/// <summary>
/// A forwarding target's deliveries are owed by the events themselves, from their own commit, and
/// written out by the sender after it. These tests stop a host before the sender runs.
/// </summary>
public class OwedOnEventsTests
{
    private static void WithoutSender(IServiceCollection services)
    {
        foreach (var sender in services.Where(d => d.ImplementationType == typeof(OutboxSender)).ToList()) services.Remove(sender);
    }

    [Fact]
    public async Task What_events_owe_a_target_is_counted_at_once_survives_a_restart_and_leaves_with_an_erased_lead()
    {
        await using var receiver = await Receiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var ids = new Dictionary<string, string>();
        string target;
        await using (var first = new TestApp(folder: folder, ownsFolder: false, services: WithoutSender))
        {
            using var api = first.Api();
            target = (string)(await ForwardingTests.CreateTarget(api, receiver.At("/owed")))["id"]!;
            foreach (var lead in new[] { "1", "2", "3" })
                ids[lead] = await ForwardingTests.PostPing(first, TestPings.From("assign_tag").Lead(lead));
            // A purchase sent again owes nothing.
            var sale = TestPings.From("buy_product").Lead("1").Transaction(("transaction_id", 77));
            ids["sale"] = await ForwardingTests.PostPing(first, sale);
            await ForwardingTests.PostPing(first, sale);

            using var anonymous = first.CreateClient();
            Assert.Equal("ok\ndeliveries pending: 4\ndeliveries failed: 0\n", await anonymous.GetStringAsync("/healthz"));
            // None is written out as a delivery yet: the events owe them.
            Assert.Empty(await ForwardingTests.Deliveries(api, target));

            using var erased = await api.DeleteAsync("/api/leads/2");
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
            Assert.Equal("ok\ndeliveries pending: 3\ndeliveries failed: 0\n", await anonymous.GetStringAsync("/healthz"));
        }
        Assert.Empty(receiver.Received);

        // With the sender running, every delivery still owed is written out and made, in event order.
        await using var second = new TestApp(folder: folder);
        using var again = second.Api();
        await Receiver.Until(() => receiver.Received.Count >= 3, "three deliveries");
        Assert.Equal([ids["1"], ids["3"], ids["sale"]], receiver.Received.Select(r => r.Headers["webhook-id"]));
        using var healthz = second.CreateClient();
        await Receiver.Until(() => healthz.GetStringAsync("/healthz").Result == "ok\ndeliveries pending: 0\ndeliveries failed: 0\n", "none pending");
        Assert.Equal(3, (await ForwardingTests.Deliveries(again, target, "delivered")).Count);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task A_new_target_that_takes_a_deleted_ones_id_gets_none_of_what_was_owed_to_it()
    {
        await using var receiver = await Receiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        string deleted;
        await using (var first = new TestApp(folder: folder, ownsFolder: false, services: WithoutSender))
        {
            using var api = first.Api();
            deleted = (string)(await ForwardingTests.CreateTarget(api, receiver.At("/deleted")))["id"]!;
            await ForwardingTests.PostPing(first, TestPings.From("assign_tag").Lead("1"));
            await ForwardingTests.PostPing(first, TestPings.From("assign_tag").Lead("2"));
            using var gone = await api.DeleteAsync($"/api/forwarding/{deleted}");
            Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        }

        // After a restart LiteDB hands the highest id out again.
        string id;
        string later;
        await using (var second = new TestApp(folder: folder, ownsFolder: false, services: WithoutSender))
        {
            using var api = second.Api();
            id = (string)(await ForwardingTests.CreateTarget(api, receiver.At("/new")))["id"]!;
            Assert.Equal(deleted, id);
            later = await ForwardingTests.PostPing(second, TestPings.From("assign_tag").Lead("3"));
        }

        await using var third = new TestApp(folder: folder);
        using var healthz = third.CreateClient();
        await Receiver.Until(() => healthz.GetStringAsync("/healthz").Result == "ok\ndeliveries pending: 0\ndeliveries failed: 0\n", "none pending");
        Assert.Equal([later], receiver.Received.Select(r => r.Headers["webhook-id"]));
        Assert.All(receiver.Received, r => Assert.Equal("/new", r.Path));
    }
}

using System.Threading.Channels;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.SignalR;

namespace KartraDashboard.Live;

/// <summary>Forwards the live feed to SignalR clients, off the writer's thread.</summary>
public sealed class HubBroadcaster(LiveFeed feed, IHubContext<EventsHub> hub, ILogger<HubBroadcaster> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = Channel.CreateUnbounded<IReadOnlyList<EventItem>>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = feed.Subscribe(events => pending.Writer.TryWrite(events));
        try
        {
            await foreach (var events in pending.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var item in events)
                {
                    try { await hub.Clients.All.SendAsync(EventsHub.EventReceived, item, stoppingToken); }
                    catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Broadcasting event {Id} failed", item.Id); }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}

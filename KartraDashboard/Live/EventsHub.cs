using Microsoft.AspNetCore.SignalR;

namespace KartraDashboard.Live;

/// <summary>Server-to-client only: clients listen for <c>EventReceived</c>.</summary>
public sealed class EventsHub : Hub
{
    public const string Route = "/hubs/events";
    public const string EventReceived = "EventReceived";
}

using Microsoft.AspNetCore.SignalR;

namespace KartraDashboard.Live;

/// <summary>Server-to-client only: clients listen for <c>EventReceived</c>.</summary>
public sealed class EventsHub(SignedInConnections signedIn) : Hub
{
    public const string Route = "/hubs/events";
    public const string EventReceived = "EventReceived";

    public override Task OnConnectedAsync()
    {
        signedIn.Opened(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        signedIn.Closed(Context);
        return base.OnDisconnectedAsync(exception);
    }
}

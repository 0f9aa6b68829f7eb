namespace KartraDashboard.Live;

public static class LiveExtensions
{
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<SignedInConnections>();
        services.AddSignalR();
        services.AddHostedService<HubBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<EventsHub>(EventsHub.Route).RequireAuthorization();
        return app;
    }
}

using KartraDashboard.Ingestion;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        // Serve the framework's and MudBlazor's scripts and styles from the build output in every
        // environment, not only Development; only where the build's manifest is there, since in a
        // published folder (or one started by another user) it would point at files not there.
        if (AppFolder.HasStaticWebAssetsManifest(builder.Environment.ApplicationName)) builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddOptions<KartraOptions>().BindConfiguration(KartraOptions.Section).ValidateOnStart();
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KartraOptions>, KartraOptionsValidator>();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<ZoneSettings>();
        services.AddSingleton<PublicUrls>();

        // Behind a reverse proxy the client's address and scheme come in forwarded headers. Only a
        // proxy on this machine is believed (the default), so nobody else can pose as another address.
        // X-Forwarded-Host is not read: a proxy may pass on what a client sent in it, and it would
        // move sign-in redirects to another host; the proxies keep the Host header instead.
        services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        // The webhook URL carries its token in the path: request logs must never print it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// The last steps of the start, registered after every other hosted service so they start
    /// after them (hosted services start in the order they are registered, and stop in reverse):
    /// the secrets are read or made once the store's writer runs, since a new one is written
    /// through it; then the banner waits for the server to listen. The server itself starts after
    /// all hosted services, so no request comes before the secrets are ready.
    /// </summary>
    public static IServiceCollection AddStartup(this IServiceCollection services)
    {
        services.AddHostedService<SecretsInitializer>();
        services.AddHostedService<StartupBanner>();
        return services;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // Browsers must not guess a type other than the one sent (a raw body shown as text stays text).
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        // An error nobody caught shows a plain page, its details in the log only, and keeps its
        // 500 (so a webhook post that fails is one Kartra sends again). Development keeps the
        // framework's page with the stack trace.
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // HEAD as well as GET: monitors often probe with HEAD.
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head],
                (StoreStatus store) => store.IsHealthy() ? Results.Text($"ok\ndeliveries pending: {store.OutboxCounts.Pending}\ndeliveries failed: {store.OutboxCounts.Failed}\n") : Results.Text("database unavailable", statusCode: 503))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

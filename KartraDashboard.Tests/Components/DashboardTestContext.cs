using Bunit;
using KartraDashboard.Auth;
using KartraDashboard.Components.Shared;
using KartraDashboard.Hosting;
using KartraDashboard.Live;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace KartraDashboard.Tests.Components;

/// <summary>
/// A bUnit context wired to a running <see cref="TestApp"/>: pages read the real store and hear
/// the real live feed, so a ping posted through the webhook shows up as it would in a browser.
/// </summary>
public sealed class DashboardTestContext : BunitContext
{
    public DashboardTestContext(TestApp app)
    {
        App = app;
        Services.AddSingleton(app.Service<EventStore>());
        Services.AddSingleton(app.Service<LiveFeed>());
        Services.AddSingleton(app.Service<DashboardFormat>());
        Services.AddSingleton(app.Service<ZoneSettings>());
        Services.AddSingleton(app.Service<Secrets>());
        Services.AddSingleton(app.Service<StoreWriter>());
        Services.AddSingleton(app.Service<StartupBanner>());
        Services.AddSingleton(app.Service<IOptions<DashboardOptions>>());
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private bool _providers;

    /// <summary>Where MudBlazor renders open dialogs, once a page has been rendered.</summary>
    public IRenderedComponent<MudDialogProvider>? Dialogs { get; private set; }

    public TestApp App { get; }

    public NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Renders a page as if the browser had opened <paramref name="url"/>, with the providers MudBlazor's popovers and dialogs need.</summary>
    public IRenderedComponent<T> RenderPage<T>(string url) where T : IComponent
    {
        Navigation.NavigateTo(url);
        if (!_providers)
        {
            Render<MudPopoverProvider>();
            Dialogs = Render<MudDialogProvider>();
            _providers = true;
        }
        return Render<T>();
    }
}

using System.Net;
using System.Text.Json.Nodes;
using KartraDashboard.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace KartraDashboard.Tests.Components;

/// <summary>
/// A bUnit context wired to a real <see cref="TestApp"/>: whatever bUnit does not provide itself
/// comes from the host's own services, so the pages read the same store the webhook writes, and
/// hear the same live feed. MudBlazor's providers are rendered once so selects, dialogs and
/// snackbars work.
/// </summary>
public sealed class DashboardTestContext : BunitContext
{
    public static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(10);

    public DashboardTestContext(TestApp app)
    {
        App = app;
        Services.AddFallbackServiceProvider(app.Services);
        // bUnit has an options system of its own, which would answer every IOptions<T> with
        // defaults before the host is asked: options are read from the host's configuration.
        Services.AddSingleton(new Host(app.Services));
        Services.AddSingleton(typeof(IOptions<>), typeof(HostOptions<>));
        // MudBlazor's services are per circuit and talk to the browser: they are made here, over
        // bUnit's JavaScript interop, not taken from the host.
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Providers = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
            b.OpenComponent<MudSnackbarProvider>(2);
            b.CloseComponent();
        });
    }

    public TestApp App { get; }

    /// <summary>Popovers, dialogs and snackbars render here, outside the page.</summary>
    public IRenderedComponent<IComponent> Providers { get; }

    /// <summary>Where MudBlazor renders open dialogs.</summary>
    public IRenderedComponent<MudDialogProvider> Dialogs => Providers.FindComponent<MudDialogProvider>();

    public NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Renders a page as if the browser had opened <paramref name="uri"/> (its query string feeds the filters).</summary>
    public IRenderedComponent<TPage> RenderPage<TPage>(string uri, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent
    {
        Navigation.NavigateTo(uri);
        return Render(parameters ?? (_ => { }));
    }

    /// <summary>Posts a ping through the real webhook and returns the stored event's id.</summary>
    public async Task<string> PostAsync(JsonObject ping)
    {
        using var response = await App.PostAsync(ping.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string)ack["id"]!;
    }

    private sealed record Host(IServiceProvider Services);

    private sealed class HostOptions<T>(Host host) : IOptions<T> where T : class
    {
        public T Value => host.Services.GetRequiredService<IOptions<T>>().Value;
    }

    /// <summary>Now in Kartra's zone, as Kartra writes a transaction_date.</summary>
    public string KartraNow()
    {
        var zone = App.Service<ZoneSettings>().Kartra;
        return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-1), zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}

using KartraDashboard.Hosting;
using KartraDashboard.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Tests.Components;

public class DashboardTestContextTests
{
    [Fact]
    public async Task Pages_get_the_hosts_own_services_and_configured_options()
    {
        await using var app = new TestApp(new() { ["Dashboard:Currency"] = "EUR" });
        await using var context = new DashboardTestContext(app);

        Assert.Same(app.Service<EventReads>(), context.Services.GetRequiredService<EventReads>());
        Assert.Same(app.Service<IOptions<DashboardOptions>>().Value, context.Services.GetRequiredService<IOptions<DashboardOptions>>().Value);
        Assert.Equal("EUR", context.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.Currency);
    }
}

using KartraDashboard.Api;
using KartraDashboard.Auth;
using KartraDashboard.Components;
using KartraDashboard.Export;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Live;
using KartraDashboard.Simulation;
using KartraDashboard.Storage;
using Microsoft.Extensions.Options;

if (args is ["simulate", .. var simulateArgs])
    return await SimulateCommand.RunAsync(simulateArgs, Console.Out, CancellationToken.None);

var demo = DemoMode.Take(ref args);
var builder = WebApplication.CreateBuilder(args);
builder.AddHosting();
if (demo) builder.AddDemo();
builder.Services.AddStorage();
builder.Services.AddAuth();
builder.Services.AddIngestion();
builder.Services.AddLive();
builder.Services.AddApi();
builder.Services.AddPages();

var app = builder.Build();
app.UseHosting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapIngestion();
app.MapAuth();
app.MapApi().MapExport();
app.MapLive();
app.MapStaticAssets();
app.MapPages();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is DatabaseUnavailableException or OptionsValidationException)
{
    Console.Error.WriteLine($"KartraDashboard cannot start: {e.Message}");
    return 1;
}

public partial class Program;

using System.Net;
using System.Text.RegularExpressions;
using KartraDashboard.Auth;
using KartraDashboard.Hosting;
using KartraDashboard.Ingestion;
using KartraDashboard.Storage;

namespace KartraDashboard.Bench;

/// <summary>
/// The dashboard's own host, built as <c>Program</c> builds it, on a loopback port over a database
/// in a temporary folder of its own, with a webhook token, an API key and an admin password made
/// for this run. The folder is deleted when the host is disposed; asked to, the host first moves the
/// database into a folder that outlives the run.
/// </summary>
internal sealed partial class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly string _adminPassword;
    private readonly string? _keepIn;
    private string[] _databaseFiles = [];

    private BenchHost(WebApplication app, string folder, string? keepIn, string token, string apiKey, string adminPassword)
    {
        _app = app;
        _folder = folder;
        _keepIn = keepIn;
        Token = token;
        ApiKey = apiKey;
        _adminPassword = adminPassword;
    }

    public string Token { get; }
    public string ApiKey { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public Uri WebhookUrl => new(IngestionEndpoints.WebhookUrl(BaseAddress.ToString(), Token));
    public StoreWriter Writer => _app.Services.GetRequiredService<StoreWriter>();
    public PingParser Parser => _app.Services.GetRequiredService<PingParser>();
    public Database Database => _app.Services.GetRequiredService<Database>();

    /// <param name="keepIn">A folder the database file and its log are moved into once the host has stopped.</param>
    /// <param name="subjectFigures">Off, to measure what keeping them costs (see <see cref="StorageOptions.SubjectFigures"/>).</param>
    public static async Task<BenchHost> StartAsync(string? keepIn = null, bool subjectFigures = true)
    {
        var folder = Directory.CreateTempSubdirectory("kartra-bench-").FullName;
        var token = PasswordHash.NewToken();
        var apiKey = PasswordHash.NewToken();
        var adminPassword = PasswordHash.NewToken();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            // The assets manifest is named after the application, which is not the entry assembly under a test runner.
            "--applicationName=" + typeof(Program).Assembly.GetName().Name,
            "--Storage:DatabasePath=" + Path.Combine(folder, "kartra.db"),
            "--Kartra:WebhookToken=" + token,
            "--Dashboard:ApiKey=" + apiKey,
            // Set, so no password is generated and hashed at start.
            "--Dashboard:AdminPassword=" + adminPassword,
            // A log line per request would be measured as the server's work.
            "--Logging:LogLevel:Default=Warning",
        ];
        // The start-up banner shows secrets and addresses; the bench prints its table alone.
        var app = Program.BuildApp(args, builder =>
        {
            builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(StartupBanner)));
            if (!subjectFigures) builder.Services.PostConfigure<StorageOptions>(o => o.SubjectFigures = false);
        });
        var host = new BenchHost(app, folder, keepIn, token, apiKey, adminPassword);
        try
        {
            await app.StartAsync();
            host.BaseAddress = new Uri(app.Urls.First());
            host._databaseFiles = [host.Database.FullPath, host.Database.LogPath];
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for the read API, signed with this host's key.</summary>
    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>
    /// A client signed in as a browser is: the sign-in page read for its antiforgery field and cookie,
    /// the form posted, the sign-in cookie kept for every page after.
    /// </summary>
    public async Task<HttpClient> BrowserAsync(CancellationToken ct)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };
        try
        {
            var form = await client.GetStringAsync("/login", ct);
            var field = AntiforgeryField().Match(form);
            if (!field.Success) throw new BenchException("the sign-in page has no antiforgery field");
            using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = field.Groups[1].Value,
                ["username"] = AuthEndpoints.AdminUser,
                ["password"] = _adminPassword,
                ["returnUrl"] = "/",
            }), ct);
            // Signed in, the form sends the browser on to the page asked for; refused, back to the sign-in page.
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
                throw new BenchException($"signing in answered {(int)response.StatusCode} {response.ReasonPhrase}, to {response.Headers.Location}");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _app.StopAsync(); }
        catch (InvalidOperationException) { /* never started */ }
        await _app.DisposeAsync();
        try
        {
            if (_keepIn is not null) Keep(_keepIn);
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* a file still held open; the temp folder is cleaned by the system */ }
        }
    }

    /// <summary>
    /// The data file and its write-ahead log, as the stopped host left them: committed pages not
    /// yet checkpointed are in the log alone, so the two go together.
    /// </summary>
    private void Keep(string folder)
    {
        try
        {
            foreach (var file in _databaseFiles.Where(File.Exists))
                File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"the database could not be moved into {folder}: {e.Message}");
        }
    }
}

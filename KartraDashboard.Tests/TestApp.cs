using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KartraDashboard.Tests;

/// <summary>
/// The real host on a loopback port (Kestrel, not an in-memory server) over a LiteDB file in a
/// folder of its own. Every test makes its own; <see cref="Restart"/> opens the same folder again.
/// </summary>
public sealed partial class TestApp : WebApplicationFactory<Program>
{
    public const string Token = "test-webhook-token-0123456789";
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string Password = "correct horse battery staple";

    private bool _ownsFolder;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Changes to the host's services, for a fault no request can cause.</param>
    public TestApp(Dictionary<string, string?>? settings = null, string? folder = null, bool ownsFolder = true, Action<IServiceCollection>? services = null)
    {
        _ownsFolder = ownsFolder;
        _services = services;
        Folder = folder ?? Directory.CreateTempSubdirectory("kartra-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = DatabasePath,
            ["Kartra:WebhookToken"] = Token,
            ["Dashboard:ApiKey"] = ApiKey,
            ["Dashboard:AdminPassword"] = Password,
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
        UseKestrel(0);
        StartServer();
    }

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "kartra.db");
    public Uri BaseAddress => ClientOptions.BaseAddress;
    public string WebhookUrl => new Uri(BaseAddress, "/webhooks/kartra/" + Token).ToString();

    /// <summary>Every log line the host wrote, at every level, with its exception.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingLoggerProvider(Logs));
        });
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    /// <summary>A client that signs its requests with the API key.</summary>
    public HttpClient Api()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, so each answer can be read.</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Signs in as a browser does: reads the sign-in page for its antiforgery token, then posts the form.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string password, string returnUrl = "/timeline")
    {
        var page = await browser.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["username"] = "admin",
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    public async Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json", string? token = null)
    {
        using var client = CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PostAsync("/webhooks/kartra/" + (token ?? Token), content);
    }

    /// <param name="contentType">Null sends the body with no Content-Type at all.</param>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType = "application/json")
    {
        using var client = CreateClient();
        using var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PostAsync("/webhooks/kartra/" + Token, content);
    }

    /// <summary>
    /// Stops this host and starts another on the same database file, with settings changed as
    /// given; the new one then owns the folder.
    /// </summary>
    public async Task<TestApp> Restart(Dictionary<string, string?>? changes = null)
    {
        var owns = _ownsFolder;
        _ownsFolder = false;
        await DisposeAsync();
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (k, v) in changes ?? []) settings[k] = v;
        return new TestApp(settings, Folder, owns, _services);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsFolder) TryDelete();
    }

    private void TryDelete()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace KartraDashboard.Simulation;

/// <summary>
/// Plays generated pings against a webhook over real HTTP, the way Kartra would: one POST of a raw
/// JSON body per ping, paced to a rate, a bounded number in flight.
/// <para>
/// Ordering: pings go out in generated order, and a lead's next ping waits until its previous one
/// was answered (or failed), so a lead's story never overtakes itself, while pings of different
/// leads overlap up to the concurrency. The cost is head-of-line waiting when one lead acts twice
/// in a row; with many leads interleaved that is rare.
/// </para>
/// </summary>
public sealed class Simulator
{
    private const int MaxRejectedSamples = 5;
    private const int BodyStartLength = 200;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient? _client;

    /// <param name="client">A client to send with (its owner disposes it); by default each run makes its own.</param>
    public Simulator(HttpClient? client = null) => _client = client;

    public Task<SimulationReport> RunAsync(SimulationSettings settings, IProgress<SimulationProgress>? progress, CancellationToken ct) =>
        RunAsync(settings, new StoryGenerator(settings.Seed, settings.Start, settings.MeanGap, settings.NewLeads).Generate(), progress, ct);

    /// <summary>Sends the given pings instead of a generated story; settings' count and duration still apply.</summary>
    public async Task<SimulationReport> RunAsync(SimulationSettings settings, IEnumerable<GeneratedPing> pings,
        IProgress<SimulationProgress>? progress, CancellationToken ct)
    {
        if (settings.Validate() is { } problem) throw new ArgumentException(problem, nameof(settings));

        var ownClient = _client is null ? CreateClient(settings) : null;
        var run = new RunState(settings, _client ?? ownClient!);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (settings.Duration is { } duration) stop.CancelAfter(duration);
        run.GiveUp = reason =>
        {
            run.StoppedEarly ??= reason;
            try { stop.Cancel(); }
            catch (ObjectDisposedException) { /* the run already ended */ }
        };

        using var stopProgress = new CancellationTokenSource();
        var progressLoop = progress is null ? Task.CompletedTask : ReportProgressAsync(run, progress, settings.ProgressInterval, stopProgress.Token);
        try
        {
            await SendAllAsync(run, pings, stop.Token);
            // Every ping taken holds a place ahead until it is answered or dropped: all back, all done.
            for (var i = 0; i < run.AheadSize; i++) await run.Ahead.WaitAsync(CancellationToken.None);
        }
        finally
        {
            await stopProgress.CancelAsync();
            await progressLoop;
            ownClient?.Dispose();
        }

        if (ct.IsCancellationRequested) run.StoppedEarly ??= "cancelled";
        var report = run.Report();
        progress?.Report(run.Progress());
        return report;
    }

    /// <summary>
    /// Takes the pings in the story's order and sends each once a place in flight is free and its
    /// lead's previous ping is answered. A lead's pings stay in order, but a lead that waits does not
    /// hold up the others: pings of other leads go ahead of it, up to <see cref="RunState.AheadSize"/>
    /// taken and not yet answered. Without that, a story's burst of pings for one lead would leave
    /// one ping in flight however many places there are.
    /// </summary>
    private static async Task SendAllAsync(RunState run, IEnumerable<GeneratedPing> pings, CancellationToken stop)
    {
        var settings = run.Settings;
        var interval = settings.Rate > 0 ? 1.0 / settings.Rate : 0;
        var nextDue = 0.0;
        var lastOfLead = new Dictionary<long, Task>();
        long taken = 0;
        try
        {
            foreach (var ping in pings)
            {
                if (stop.IsCancellationRequested || settings.Count is { } count && taken >= count) break;

                if (interval > 0)
                {
                    var now = run.Clock.Elapsed.TotalSeconds;
                    if (nextDue > now) await Task.Delay(TimeSpan.FromSeconds(nextDue - now), stop);
                    // Far behind schedule (a slow server): carry on at the rate rather than burst to catch up.
                    else if (now - nextDue > 1) nextDue = now;
                    nextDue += interval;
                }

                await run.Ahead.WaitAsync(stop);
                taken++;
                lastOfLead[ping.LeadId] = SendInTurnAsync(run, ping, lastOfLead.GetValueOrDefault(ping.LeadId), stop);
                if (lastOfLead.Count > 64 * settings.Concurrency) ForgetFinished(lastOfLead);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping by duration, cancellation or giving up: what is in flight still finishes.
        }
    }

    /// <summary>Sends a ping after its lead's previous one, once a place in flight is free.</summary>
    private static async Task SendInTurnAsync(RunState run, GeneratedPing ping, Task? previous, CancellationToken stop)
    {
        try
        {
            // Its outcome is counted by its own run; here it only sets the turn.
            if (previous is not null) await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await run.Window.WaitAsync(stop);
            run.CountSent(ping);
            await SendOneAsync(run, ping);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run stopped before this ping's turn: it is not sent.
        }
        finally
        {
            run.Ahead.Release();
        }
    }

    private static void ForgetFinished(Dictionary<long, Task> lastOfLead)
    {
        foreach (var lead in lastOfLead.Where(p => p.Value.IsCompleted).Select(p => p.Key).ToList())
            lastOfLead.Remove(lead);
    }

    private static async Task SendOneAsync(RunState run, GeneratedPing ping)
    {
        try
        {
            // Not tied to the run's cancellation: a ping already sent is waited for, so counts add up.
            using var timeout = new CancellationTokenSource(run.Settings.RequestTimeout);
            using var content = new ByteArrayContent(ping.Body);
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, run.Settings.WebhookUrl) { Content = content };
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await run.Client.SendAsync(request, timeout.Token);
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                run.Latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.IsSuccessStatusCode) run.CountAccepted(ping);
                else run.CountRejected((int)response.StatusCode, response.ReasonPhrase ?? "", BodyStart(body));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                run.CountFailed(string.Create(CultureInfo.InvariantCulture, $"no answer within {run.Settings.RequestTimeout.TotalSeconds:0.#} s"));
            }
            catch (HttpRequestException ex)
            {
                run.CountFailed(Describe(ex, run.Settings.WebhookUrl));
            }
        }
        catch (Exception ex)
        {
            run.CountFailed(FirstLine(ex.Message));
        }
        finally
        {
            run.Window.Release();
        }
    }

    /// <summary>One line a person can act on, instead of the exception chain.</summary>
    internal static string Describe(HttpRequestException ex, Uri url)
    {
        var endpoint = $"{url.Host}:{url.Port}";
        var socket = FindInner<SocketException>(ex);
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"connection refused by {endpoint}",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host not found: {url.Host}",
            SocketError.TimedOut => $"connecting to {endpoint} timed out",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{endpoint} is unreachable",
            SocketError.ConnectionReset => $"connection reset by {endpoint}",
            _ => ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => $"host not found: {url.Host}",
                HttpRequestError.ConnectionError => $"could not connect to {endpoint}: {FirstLine(ex.InnerException?.Message ?? ex.Message)}",
                HttpRequestError.SecureConnectionError => $"TLS handshake with {endpoint} failed: {FirstLine(ex.InnerException?.Message ?? ex.Message)}",
                _ => FirstLine(ex.Message),
            },
        };
    }

    private static T? FindInner<T>(Exception ex) where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string BodyStart(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, BodyStartLength * 4));
        text = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return text.Length > BodyStartLength ? text[..BodyStartLength] + "…" : text;
    }

    private static HttpClient CreateClient(SimulationSettings settings) => new(new SocketsHttpHandler
    {
        ConnectTimeout = settings.RequestTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = settings.Concurrency,
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static async Task ReportProgressAsync(RunState run, IProgress<SimulationProgress> progress, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) progress.Report(run.Progress());
        }
        catch (OperationCanceledException)
        {
            // The run is over; its final progress is reported once, after this loop.
        }
    }

    private sealed class RunState(SimulationSettings settings, HttpClient client)
    {
        private long _sent, _accepted, _rejected, _failed, _failuresInARow;
        private readonly ConcurrentDictionary<int, long> _rejectedByStatus = new();
        private readonly ConcurrentDictionary<string, long> _failuresByReason = new();
        private readonly ConcurrentQueue<RejectedSample> _samples = new();

        public SimulationSettings Settings { get; } = settings;
        public HttpClient Client { get; } = client;
        public SemaphoreSlim Window { get; } = new(settings.Concurrency, settings.Concurrency);
        /// <summary>Pings taken from the story and not yet answered: several per place in flight, so waiting leads do not empty it.</summary>
        public int AheadSize { get; } = settings.Concurrency * 8;
        public SemaphoreSlim Ahead { get; } = new(settings.Concurrency * 8, settings.Concurrency * 8);
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public LatencyHistogram Latency { get; } = new();
        public SentTotalsTally SentTally { get; } = new();
        public SentTotalsTally AcceptedTally { get; } = new();
        public Action<string> GiveUp { get; set; } = _ => { };
        public string? StoppedEarly { get; set; }
        public long Sent => Interlocked.Read(ref _sent);

        public void CountSent(GeneratedPing ping)
        {
            Interlocked.Increment(ref _sent);
            SentTally.Add(ping);
        }

        public void CountAccepted(GeneratedPing ping)
        {
            Interlocked.Exchange(ref _failuresInARow, 0);
            Interlocked.Increment(ref _accepted);
            AcceptedTally.Add(ping);
        }

        public void CountRejected(int status, string reason, string bodyStart)
        {
            Interlocked.Exchange(ref _failuresInARow, 0);
            Interlocked.Increment(ref _rejected);
            _rejectedByStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (_samples.Count < MaxRejectedSamples) _samples.Enqueue(new RejectedSample(status, reason, bodyStart));
        }

        public void CountFailed(string reason)
        {
            Interlocked.Increment(ref _failed);
            _failuresByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);
            var inARow = Interlocked.Increment(ref _failuresInARow);
            if (Settings.GiveUpAfterFailures > 0 && inARow >= Settings.GiveUpAfterFailures)
                GiveUp($"gave up after {inARow} pings in a row got no answer");
        }

        public SimulationProgress Progress() => new(Sent, Interlocked.Read(ref _accepted), Interlocked.Read(ref _rejected),
            Interlocked.Read(ref _failed), Clock.Elapsed);

        public SimulationReport Report() => new()
        {
            Sent = Sent,
            Accepted = Interlocked.Read(ref _accepted),
            Rejected = Interlocked.Read(ref _rejected),
            Failed = Interlocked.Read(ref _failed),
            Elapsed = Clock.Elapsed,
            LatencyP50Ms = Latency.Percentile(50),
            LatencyP95Ms = Latency.Percentile(95),
            LatencyP99Ms = Latency.Percentile(99),
            RejectedByStatus = new SortedDictionary<int, long>(_rejectedByStatus),
            RejectedSamples = _samples.ToArray(),
            FailuresByReason = new SortedDictionary<string, long>(_failuresByReason, StringComparer.Ordinal),
            StoppedEarly = StoppedEarly,
            SentTotals = SentTally.Snapshot(),
            AcceptedTotals = AcceptedTally.Snapshot(),
        };
    }
}

using System.Collections.Concurrent;
using KartraDashboard.Alerts;
using KartraDashboard.Forwarding;
using KartraDashboard.Hosting;
using KartraDashboard.Live;
using KartraDashboard.Storage;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KartraDashboard.Outbox;

/// <summary>
/// Works off the outbox. Each destination (forwarding target or alert rule) is a queue in the
/// file: its oldest pending delivery is tried when its time is due, one at a time per destination,
/// each destination on its own, so a slow or dead one delays only itself. One attempt is one call;
/// what it came to, and when the next is due, is written before the next one starts, so the
/// schedule survives a restart. Ingest never waits for any of it: the ping's commit owes the
/// delivery (a forwarding target's as its id on the event, written out here as a delivery before
/// it is tried), and this service is only woken after it.
/// </summary>
public sealed class OutboxSender(
    StoreWriter writer, OutboxReads reads, LiveFeed feed, IHttpClientFactory http, AlertChannels channels, AlertMessages messages,
    PublicUrls urls, TimeProvider time, ILogger<OutboxSender> log) : BackgroundService
{
    public const string HttpClientName = "outbox";

    /// <summary>The request option naming the destination, so each one gets a circuit breaker of its own.</summary>
    public static readonly HttpRequestOptionsKey<string> DestinationOption = new("kartra-destination");

    /// <summary>A circuit that is open makes no call; the delivery waits this long and is not counted as an attempt.</summary>
    private static readonly TimeSpan CircuitWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxYield = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan YieldStep = TimeSpan.FromMilliseconds(250);
    /// <summary>When the current run of yielding began (<see cref="Environment.TickCount64"/>); 0 while not yielding. Read by attempts too.</summary>
    private long _yieldingSince;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<Destination, Task> _inFlight = new();
    private volatile bool _reload = true;
    private Dictionary<Destination, (ForwardTarget? Target, AlertRule? Rule)> _destinations = [];

    private void Wake()
    {
        lock (_wake) if (_wake.CurrentCount == 0) _wake.Release();
    }

    private void OnChanged()
    {
        _reload = true;
        Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var subscription = feed.Subscribe(_ => Wake());
        writer.OutboxChanged += OnChanged;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (YieldToPings())
                {
                    await Task.Delay(YieldStep, ct);
                    continue;
                }
                TimeSpan wait;
                try
                {
                    await FeedAsync();
                    wait = Dispatch(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "The outbox could not be read; trying again shortly");
                    wait = TimeSpan.FromSeconds(5);
                }
                await WaitAsync(wait, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            writer.OutboxChanged -= OnChanged;
            // What an attempt under way came to is written before the writer stops (it stops after this service).
            try { await Task.WhenAll(_inFlight.Values); }
            catch (Exception e) { log.LogDebug(e, "An attempt ended with the host"); }
        }
    }

    /// <summary>
    /// Pings come first: while a burst of them is being stored, deliveries wait (on a small machine
    /// they would take the CPU the pings' acknowledgements need), but never longer than
    /// <see cref="MaxYield"/> in a row, so a steady flood cannot starve them. Checked before each
    /// run of attempts and between its deliveries.
    /// </summary>
    private bool YieldToPings()
    {
        if (!writer.InBurst)
        {
            Interlocked.Exchange(ref _yieldingSince, 0);
            return false;
        }
        var now = Environment.TickCount64;
        var was = Interlocked.CompareExchange(ref _yieldingSince, now, 0);
        var since = was != 0 ? was : now;
        return now - since < MaxYield.TotalMilliseconds;
    }

    /// <summary>The most events whose forwarding deliveries are written out in one write.</summary>
    private const int FeedBatch = 1_000;

    /// <summary>
    /// Writes out the deliveries that events stored since owe to forwarding targets (the events
    /// owe them from their own commit), a batch at a time, until none is left or pings arrive.
    /// </summary>
    private async Task FeedAsync()
    {
        while (writer.ForwardsToFeed && !YieldToPings() && await writer.FeedForwardsAsync(FeedBatch)) { }
    }

    /// <summary>Starts an attempt for every destination whose head is due and that has none under way; answers how long until the next is due.</summary>
    private TimeSpan Dispatch(CancellationToken ct)
    {

        if (_reload)
        {
            _reload = false;
            var destinations = new Dictionary<Destination, (ForwardTarget? Target, AlertRule? Rule)>();
            foreach (var t in reads.Targets(withSecrets: true).Where(t => t.Enabled))
                destinations[Destination.Target(long.Parse(t.Id, System.Globalization.CultureInfo.InvariantCulture))] = (t, null);
            foreach (var r in reads.Rules().Where(r => r.Enabled))
                destinations[Destination.Rule(long.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture))] = (null, r);
            _destinations = destinations;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var wait = TimeSpan.FromMinutes(1);
        foreach (var (to, destination) in _destinations)
        {
            if (_inFlight.ContainsKey(to) || reads.Head(to) is not { } head) continue;
            if (head.Due is { } due && due > now)
            {
                if (due - now < wait) wait = due - now;
                continue;
            }
            var started = new TaskCompletionSource();
            var attempt = started.Task.ContinueWith(_ => AttemptAsync(to, destination.Target, destination.Rule, head, ct), TaskScheduler.Default).Unwrap();
            _inFlight[to] = attempt;
            started.SetResult();
        }
        return wait;
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _wake.WaitAsync(stop.Token);
        var due = Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, stop.Token);
        await Task.WhenAny(woken, due);
        stop.Cancel();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Works off a destination's queue from its head: one call at a time, in order, while the
    /// deliveries are due and answered 2xx. A failure ends the run (the destination then waits
    /// for its schedule). What the calls came to is written in runs of up to
    /// <see cref="RecordBatch"/>: one write for many deliveries keeps the writer free for pings.
    /// A crash before a run is written sends its deliveries again, which receivers tell by their
    /// webhook-id; none is ever lost.
    /// </summary>
    private async Task AttemptAsync(Destination to, ForwardTarget? target, AlertRule? rule, OwedDelivery first, CancellationToken ct)
    {
        var done = new List<AttemptResult>();
        var host = Host(target?.Url ?? rule!.Channel.Url) ?? "smtp";
        try
        {
            var heads = reads.Heads(to, RecordBatch);
            if (heads.Count == 0 || heads[0].Id != first.Id) heads = [first];
            foreach (var head in heads)
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (ct.IsCancellationRequested || head.Due is { } due && due > now) break;
                // A burst of pings that began during the run stops it here too, not a hundred deliveries later.
                if (done.Count > 0 && YieldToPings()) break;
                Outcome outcome;
                try
                {
                    outcome = target is not null ? await ForwardAsync(to, target, head, ct) : await AlertAsync(to, rule!, head, ct);
                }
                catch (BrokenCircuitException)
                {
                    await FlushAsync(done);
                    await writer.PostponeAsync(head.Id, now + CircuitWait);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or TaskCanceledException or IOException
                                              or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException
                                              or MailKit.Security.AuthenticationException or System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    if (ct.IsCancellationRequested) break;
                    outcome = new Outcome(0, e is TimeoutRejectedException ? "No answer in time" : e.Message, false, false);
                }

                var attempts = head.Attempts + 1;
                var retryAt = outcome.Delivered || outcome.Gone ? null : RetrySchedule.Next(attempts, head.FirstAttempt ?? now, now);
                done.Add(new AttemptResult(head.Id, now, outcome.Status, outcome.Answer)
                {
                    Delivered = outcome.Delivered,
                    RetryAt = retryAt,
                    DisableTarget = outcome.Gone,
                });
                // Target URLs may carry tokens: only the host is ever logged.
                if (outcome.Gone) log.LogWarning("Forwarding target {Host} answered 410 Gone: it is turned off", host);
                else if (!outcome.Delivered && retryAt is null) log.LogWarning("Delivery {Id} to {Host} given up after {Attempts} attempts: {Status}", head.Id, host, attempts, outcome.Status);
                else if (!outcome.Delivered) log.LogInformation("Delivery {Id} to {Host} failed ({Status}); next attempt at {RetryAt:u}", head.Id, host, outcome.Status, retryAt);
                if (!outcome.Delivered) break;
            }
            await FlushAsync(done);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Delivery attempts to {Host} could not be recorded", host);
        }
        finally
        {
            _inFlight.TryRemove(to, out _);
            Wake();
        }
    }

    /// <summary>The most deliveries read, made and written in one run.</summary>
    private const int RecordBatch = 100;

    private async Task FlushAsync(List<AttemptResult> done)
    {
        if (done.Count == 0) return;
        await writer.RecordAttemptsAsync([.. done]);
        done.Clear();
    }

    private sealed record Outcome(int Status, string Answer, bool Delivered, bool Gone);

    private async Task<Outcome> ForwardAsync(Destination to, ForwardTarget target, OwedDelivery head, CancellationToken ct)
    {
        byte[] body;
        string? contentType;
        string messageId;
        if (head.EventId is { } eventId)
        {
            if (reads.Event(eventId) is not { } stored) return new Outcome(0, $"Event {eventId} is no longer stored", false, false);
            (body, contentType, messageId) = (stored.Body, stored.ContentType, eventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else (body, contentType, messageId) = (head.Body ?? [], head.ContentType, "test_" + head.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var request = ForwardRequest.Build(target, target.Secret!, messageId, body, contentType, time.GetUtcNow());
        return await CallAsync(to, request, gone410: true, ct);
    }

    private async Task<Outcome> AlertAsync(Destination to, AlertRule rule, OwedDelivery head, CancellationToken ct)
    {
        string text;
        string? link = null;
        EventItem? item = null;
        if (head.EventId is { } eventId)
        {
            if (reads.Event(eventId) is not { } stored) return new Outcome(0, $"Event {eventId} is no longer stored", false, false);
            var e = stored.Item;
            item = e;
            text = messages.EventLine(e, head.Product);
            link = AlertMessages.EventLink(urls.DashboardUrl, e);
        }
        else text = head.Text ?? "";
        if (rule.Channel.Type == ChannelTypes.Email)
        {
            var reply = await channels.EmailAsync(rule, text, link, ct);
            return new Outcome(250, reply, true, false);
        }
        using var request = AlertChannels.Request(rule, text, link, item);
        return await CallAsync(to, request, gone410: false, ct);
    }

    private async Task<Outcome> CallAsync(Destination to, HttpRequestMessage request, bool gone410, CancellationToken ct)
    {
        request.Options.Set(DestinationOption, to.ToString());
        using var client = http.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var status = (int)response.StatusCode;
        var answer = await ReadStartAsync(response, ct);
        return new Outcome(status, answer, response.IsSuccessStatusCode, gone410 && status == 410);
    }

    /// <summary>The first characters of an answer: enough to see what went wrong, never a whole page.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new char[300];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var n = await reader.ReadBlockAsync(buffer, ct);
        var body = new string(buffer, 0, n).Trim();
        var head = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        return body.Length == 0 ? head : $"{head}: {body}";
    }

    /// <summary>The host of a URL, the one part of it that may be logged.</summary>
    public static string? Host(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
}

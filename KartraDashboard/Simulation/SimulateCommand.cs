using System.Globalization;
using System.Text.RegularExpressions;

namespace KartraDashboard.Simulation;

/// <summary>
/// <c>simulate</c>: plays a Kartra account's pings against a webhook and says how it went.
/// Exit codes: 0 every ping accepted, 1 some rejected or unanswered, 2 bad arguments.
/// </summary>
public static partial class SimulateCommand
{
    public const int Success = 0;
    public const int NotAllAccepted = 1;
    public const int BadArguments = 2;

    private const long DefaultCount = 1000;

    public const string Usage = """
        Usage: dotnet run --project KartraDashboard -- simulate --url <webhook URL> [options]

        Sends realistic Kartra outbound-API pings (all 25 documented actions, coherent lead stories)
        to a webhook over HTTP and reports what was sent and how the server answered.

        Options:
          --url <url>          the full webhook URL, e.g. http://localhost:5000/webhooks/kartra/<token> (required)
          --rate <n>           pings per second; 0 = as fast as possible (default 50)
          --count <n>          number of pings to send (default 1000 unless --duration is given)
          --duration <time>    send for this long, e.g. 30s, 2m, 1h, 500ms (with --count: whichever ends first)
          --concurrency <n>    pings in flight at once (default 8)
          --seed <n>           seed of the generated stories; the same seed sends the same pings (default 42)
          --start <date>       Kartra's clock (America/New_York) at the first ping, e.g. 2026-01-01 or
                               "2026-01-01 09:00:00"; pings are then spread about 45 s apart in Kartra's
                               time (default: now, with Kartra's clock keeping pace with the sending rate)
          --timeout <time>     how long to wait for each answer (default 10s)
          --new-leads          every ping from a lead never seen before (its first step only), instead of stories
          -h, --help           show this help

        Exit code: 0 when every ping was accepted (2xx), 1 when any was rejected or got no answer,
        2 for bad arguments.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            await output.WriteLineAsync(Usage);
            return Success;
        }

        SimulationSettings settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException ex)
        {
            await output.WriteLineAsync($"error: {ex.Message}");
            await output.WriteLineAsync("Run 'simulate --help' for the options.");
            return BadArguments;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            // Stop sending but let the summary print.
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            var writeLock = new Lock();
            await output.WriteLineAsync(Describe(settings));
            var progress = new LineProgress(p =>
            {
                lock (writeLock)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{p.Elapsed.TotalSeconds,6:0.0}s] sent {p.Sent} · accepted {p.Accepted} · rejected {p.Rejected} · failed {p.Failed} · {p.Throughput:0.0}/s"));
            });
            var report = await new Simulator().RunAsync(settings, progress, cancel.Token);
            lock (writeLock) WriteSummary(output, report, settings);
            return report.AllAccepted ? Success : NotAllAccepted;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    internal static SimulationSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{arg}'");
            if (arg == "--new-leads")
            {
                values["new-leads"] = "";
                continue;
            }
            var (name, value) = arg.IndexOf('=') is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg[2..], i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{arg[2..]} needs a value"));
            if (name is not ("url" or "rate" or "count" or "duration" or "concurrency" or "seed" or "start" or "timeout"))
                throw new ArgumentException($"unknown option '--{name}'");
            values[name] = value;
        }

        if (!values.TryGetValue("url", out var urlText) || string.IsNullOrWhiteSpace(urlText))
            throw new ArgumentException("--url is required: the webhook URL, e.g. http://localhost:5000/webhooks/kartra/<token>");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            throw new ArgumentException($"--url must be an absolute http or https URL, not '{urlText}'");

        var duration = values.TryGetValue("duration", out var d) ? ParseTime(d, "--duration") : (TimeSpan?)null;
        long? count = values.TryGetValue("count", out var c) ? ParseLong(c, "--count", min: 1) : duration is null ? DefaultCount : null;

        var rate = values.TryGetValue("rate", out var r) ? ParseRate(r) : 50;
        var startGiven = values.TryGetValue("start", out var st);
        var settings = new SimulationSettings
        {
            WebhookUrl = url,
            Rate = rate,
            Count = count,
            Duration = duration,
            Concurrency = values.TryGetValue("concurrency", out var n) ? (int)ParseLong(n, "--concurrency", min: 1, max: 1024) : 8,
            Seed = values.TryGetValue("seed", out var s) ? (int)ParseLong(s, "--seed", min: int.MinValue, max: int.MaxValue) : 42,
            Start = startGiven ? ParseStart(st!) : NowInNewYork(),
            // Starting now, Kartra's dates follow the wall clock, so they never run into the future.
            MeanGap = startGiven ? null : TimeSpan.FromSeconds(rate > 0 ? 1 / rate : 0.01),
            RequestTimeout = values.TryGetValue("timeout", out var t) ? ParseTime(t, "--timeout") : TimeSpan.FromSeconds(10),
            // From the command line a dead host should end the run soon, not after every ping timed out.
            GiveUpAfterFailures = 50,
            NewLeads = values.ContainsKey("new-leads"),
        };
        return settings.Validate() is { } problem ? throw new ArgumentException(problem) : settings;
    }

    private static double ParseRate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0 && double.IsFinite(rate)
            ? rate
            : throw new ArgumentException($"--rate must be a number of pings per second, 0 or more, not '{text}'");

    private static long ParseLong(string text, string option, long min, long max = long.MaxValue) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} must be a whole number{(min == 1 ? " of at least 1" : "")}, not '{text}'");

    /// <summary>"30s", "2m", "1h", "500ms", a plain number of seconds, or "hh:mm:ss".</summary>
    internal static TimeSpan ParseTime(string text, string option)
    {
        var match = TimePattern().Match(text.Trim());
        TimeSpan? time = null;
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            time = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "m" or "min" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }
        else if (text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
            time = span;
        return time is { } t && t > TimeSpan.Zero
            ? t
            : throw new ArgumentException($"{option} must be a positive time such as 30s, 2m or 1h, not '{text}'");
    }

    private static DateTime ParseStart(string text) =>
        DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            ? start
            : throw new ArgumentException($"--start must be a date like 2026-01-01 or '2026-01-01 09:00:00', not '{text}'");

    private static DateTime NowInNewYork()
    {
        TimeZoneInfo zone;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York"); }
        catch (TimeZoneNotFoundException) { zone = TimeZoneInfo.Utc; }
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond);
    }

    private static string Describe(SimulationSettings s)
    {
        var inv = CultureInfo.InvariantCulture;
        var amount = s.Count is { } count ? $"{count} pings" : "pings";
        if (s.Duration is { } duration) amount += string.Create(inv, $" for up to {duration.TotalSeconds:0.#} s");
        var rate = s.Rate > 0 ? string.Create(inv, $"{s.Rate:0.##}/s") : "full speed";
        return $"Simulating Kartra: {amount} at {rate}, {s.Concurrency} in flight, seed {s.Seed}{(s.NewLeads ? ", every ping a new lead" : "")}, " +
               $"Kartra clock from {KartraPingFactory.FormatDate(s.Start)} → {MaskToken(s.WebhookUrl)}";
    }

    /// <summary>The webhook token is a secret; console output often ends up in logs.</summary>
    internal static string MaskToken(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path);
        var slash = text.LastIndexOf('/');
        var token = text[(slash + 1)..];
        return token.Length <= 4 ? text : text[..(slash + 1)] + token[..4] + "…";
    }

    private static void WriteSummary(TextWriter output, SimulationReport r, SimulationSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"Done in {r.Elapsed.TotalSeconds:0.0} s: sent {r.Sent}, accepted {r.Accepted}, rejected {r.Rejected}, failed {r.Failed}; {r.Throughput:0.0} pings/s"));
        output.WriteLine(r.LatencyP50Ms is null
            ? "Latency: no answers"
            : string.Create(inv, $"Latency: p50 {r.LatencyP50Ms:0.0} ms, p95 {r.LatencyP95Ms:0.0} ms, p99 {r.LatencyP99Ms:0.0} ms"));
        WriteTotals(output, "Sent", r.SentTotals);
        if (r.Accepted > 0 && r.Accepted != r.Sent) WriteTotals(output, "Accepted (what the dashboard should show)", r.AcceptedTotals);

        if (r.StoppedEarly is { } why) output.WriteLine($"Stopped early: {why}.");
        if (r.Rejected > 0)
        {
            var statuses = string.Join(", ", r.RejectedByStatus.Select(p => $"HTTP {p.Key} ×{p.Value}"));
            output.WriteLine($"error: {r.Rejected} of {r.Sent} pings were rejected ({statuses}).");
            if (r.RejectedSamples.FirstOrDefault() is { } sample)
                output.WriteLine($"  e.g. HTTP {sample.StatusCode} {sample.Reason}: {(sample.BodyStart.Length > 0 ? sample.BodyStart : "(empty body)")}");
        }
        if (r.Failed > 0)
        {
            var reasons = string.Join("; ", r.FailuresByReason.OrderByDescending(p => p.Value).Take(3).Select(p => $"{p.Key} ×{p.Value}"));
            output.WriteLine($"error: {r.Failed} of {r.Sent} pings got no answer from {settings.WebhookUrl.Host}:{settings.WebhookUrl.Port}: {reasons}.");
        }
        if (r.Sent == 0 && r.Failed == 0) output.WriteLine("error: no ping was sent.");
    }

    private static void WriteTotals(TextWriter output, string title, SentTotals t)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"{title}: {t.Pings} pings from {t.Leads} leads; sales {t.Sales} = {t.SalesAmount:0.00}; refunds {t.Refunds} = {t.RefundsAmount:0.00}; " +
            $"net {t.NetAmount:0.00}; cancellations {t.Cancellations}"));
        var labels = new[] { "off", "not subject", "accepted", "not accepted", "unknown", "pending" };
        var byStatus = string.Join(", ", labels.Select((label, status) => $"{status} {label} {t.LeadsByGdprStatus[status]}"));
        output.WriteLine($"  GDPR by latest ping per lead: {byStatus}; communications agreed {t.CommunicationsAgreed}, not agreed {t.CommunicationsNotAgreed}");
        var sub = t.SubscriptionSummary;
        if (t.SubscriptionsAsOf is { } asOf)
            output.WriteLine(string.Create(inv,
                $"  Subscriptions as of {KartraPingFactory.FormatDate(asOf)}: active {sub.Active}, MRR {sub.Mrr:0.00}; trialing {sub.Trialing}, overdue {sub.Overdue}, lapsed {sub.Lapsed}, cancelled {sub.Cancelled}, completed {sub.Completed}"));
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    /// <summary>Reports on the reporting thread: a Progress&lt;T&gt; would post lines after the summary.</summary>
    private sealed class LineProgress(Action<SimulationProgress> write) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => write(value);
    }
}

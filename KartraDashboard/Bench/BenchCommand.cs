using System.Diagnostics;
using System.Globalization;
using KartraDashboard.Simulation;
using KartraDashboard.Storage;

namespace KartraDashboard.Bench;

/// <summary>
/// <c>bench</c>: how fast the dashboard takes pings and answers reads, in one process and one run,
/// each figure beside its ceiling. Exit codes: 0 measured, 1 a phase failed, 2 bad arguments.
/// </summary>
public static class BenchCommand
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    public const string Usage = """
        Usage: dotnet run -c Release --project KartraDashboard -- bench [options]

        Measures, in this order, each over a fresh database in a temporary folder:
          1. a database filled to --events events through the store's write path: bytes per event on
             disk and memory, while the process holds nothing else; then every JSON read route over
             HTTP and every page as a signed-in browser first GETs it, prerendered (median of --runs;
             for a page, matched counts the table rows it rendered), exports and free-text matches
             apart; then a backup cut while the store takes pings: how long it took, and how long
             acknowledgements waited;
          2. the HTTP ceiling: bare Kestrel reading the same POSTs and answering 200, with nothing behind it;
          3. the storage ceiling: the store's write path taking the same pings already parsed, no HTTP;
          4. the webhook end to end, with the simulator's stories and with every ping a new lead
             (the load runs in a separate process; CPU is the server's alone); each also with the
             subject figures off, and new leads with every ping owed to two forwarding targets that
             answer at once (deliveries wait while a burst of pings lasts: how fast they go once it
             ends is timed), and to one that never answers (its backlog left pending on disk); the
             cost rows give each of those changes to the rate, in percent.
        Each load phase of steps 2 and 3 runs five times, a fresh database each, keeping the run of
        median rate; step 4 runs five rounds of all its variants, so that they share the machine's
        slow minutes alike, and keeps each variant's run of median rate. The table shows the ingest first.
        Prints one table and the machine; progress goes to the error output.

        Options:
          --events <n>        events in the database the reads run over (default 1000000)
          --json <file>       also write the figures as JSON to this file
          --load-pings <n>    pings per load phase (default 20000)
          --concurrency <n>   pings in flight over HTTP (default 64)
          --runs <n>          timed runs per read route and page (default 7)
          --keep <folder>     keep the filled database of step 1: moved into this new or empty
                              folder once its host has stopped, instead of deleted
          -h, --help          show this help
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct, TextWriter? progress = null)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            await output.WriteLineAsync(Usage);
            return Success;
        }
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
            if (options.KeepFolder is { } keep) PrepareKeepFolder(keep);
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            await output.WriteLineAsync("Run 'bench --help' for the options.");
            return BadArguments;
        }

        BenchReport report;
        try
        {
            report = await MeasureAsync(options, progress ?? Console.Error, ct);
        }
        catch (BenchException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return Failed;
        }
        await output.WriteAsync(report.ToTable());
        if (options.JsonFile is { } file)
        {
            await File.WriteAllTextAsync(file, report.ToJson(), ct);
            await output.WriteLineAsync($"Figures written to {file}");
        }
        if (options.KeepFolder is { } folder)
            await output.WriteLineAsync($"Database kept in {folder}: {string.Join(", ", Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order())}");
        return Success;
    }

    /// <summary>
    /// Checked before anything is measured, not after an hour of filling; a folder that holds
    /// anything (a database someone uses) is never written into.
    /// </summary>
    private static void PrepareKeepFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new ArgumentException($"--keep {folder} is not empty; name a new or empty folder");
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--keep {folder} cannot be made: {e.Message}");
        }
    }

    internal static async Task<BenchReport> MeasureAsync(BenchOptions options, TextWriter progress, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var load = string.Create(inv, $"{options.LoadPings:#,0} pings, up to {options.Concurrency} in flight");

        // The filled database first, while this process holds nothing else: its memory figures are
        // the host's, not what fifteen load hosts before it left behind. The table shows the ingest first.
        var filled = new List<BenchRow>();
        await using (var host = await BenchHost.StartAsync(keepIn: options.KeepFolder))
        {
            progress.WriteLine($"bench: filling {options.Events:#,0} events");
            var marks = await FillAsync(host, options, filled, progress, ct);
            filled.AddRange(Disk(host.Database, options.Events));
            filled.Add(new BenchRow("memory", "working set after the fill and a full GC", Bytes: WorkingSetAfterGc()));

            progress.WriteLine($"bench: reads and pages over {options.Events:#,0} events, median of {options.Runs}");
            var reads = new List<BenchRow>();
            using (var client = host.ApiClient())
                foreach (var route in Routes(marks))
                    reads.Add(await ReadRoutes.TimeAsync(client, route, options.Runs, ct));
            using (var browser = await host.BrowserAsync(ct))
                foreach (var route in Pages(marks))
                    reads.Add(await ReadRoutes.TimeAsync(browser, route, options.Runs, ct));
            // Stable: the free-text searches, JSON and page, together at the end.
            filled.AddRange(reads.OrderBy(r => r.Section == FreeText));

            progress.WriteLine($"bench: a backup cut over {options.Events:#,0} events while pings arrive");
            filled.AddRange(await BackupPause.MeasureAsync(host, Pings(BackupSeed, WarmUpCount(options)).Select(p => StoreLoad.Prepare(p, host)).ToList(), options.StoreInFlight, ct));
            filled.Add(new BenchRow("memory", "working set after the reads and a full GC", Bytes: WorkingSetAfterGc()));
        }

        var ingest = new List<BenchRow>();
        progress.WriteLine($"bench: HTTP ceiling, {load}");
        await using (var bare = await BareKestrel.StartAsync())
        {
            await WarmUpAsync(bare.WebhookUrl, options, ct);
            // Both streams, as the webhook gets them below: a lead's next ping waits for its previous
            // answer, so stories keep fewer pings in flight than new leads do.
            ingest.Add(Ingest("HTTP ceiling: bare Kestrel, simulator stories", await MedianRunAsync(() => LoadProcess.RunAsync(bare.WebhookUrl, options, newLeads: false, ct), r => r.PingsPerSecond)));
            ingest.Add(Ingest("HTTP ceiling: bare Kestrel, every ping a new lead", await MedianRunAsync(() => LoadProcess.RunAsync(bare.WebhookUrl, options, newLeads: true, ct), r => r.PingsPerSecond)));
        }

        progress.WriteLine($"bench: storage ceiling, {options.LoadPings:#,0} parsed pings, {options.StoreInFlight} in flight");
        var store = await MedianRunAsync(() => StoreCeilingAsync(options, ct), r => r.PerSecond);
        ingest.Add(new BenchRow("ingest", $"storage ceiling: StoreWriter.StoreAsync, no HTTP, {options.StoreInFlight} in flight",
            store.PerSecond, store.Latency.Percentile(50), store.Latency.Percentile(99), store.CpuMsPerWrite));

        progress.WriteLine($"bench: webhook end to end, {load}, {LoadRuns} rounds of stories and new leads, with and without subject figures and forwarding targets");
        ingest.AddRange(await WebhookRoundsAsync(options, progress, ct));

        var title = string.Create(inv,
            $"KartraDashboard bench: ingest {load} (storage {options.StoreInFlight}), median of {LoadRuns} runs; reads and pages over {options.Events:#,0} events, median of {options.Runs}");
        return new BenchReport(title, [.. ingest, .. filled], BenchMachine.Current());
    }

    /// <summary>Load phases run this often, each over a fresh database: on a small shared machine one run can be a fifth off the next.</summary>
    private const int LoadRuns = 5;

    /// <summary>Runs a load phase <see cref="LoadRuns"/> times and keeps the run of median rate.</summary>
    private static async Task<T> MedianRunAsync<T>(Func<Task<T>> run, Func<T, double> rate)
    {
        var runs = new List<T>(LoadRuns);
        for (var i = 0; i < LoadRuns; i++) runs.Add(await run());
        return runs.OrderBy(rate).ElementAt(LoadRuns / 2);
    }

    private static async Task<StoreRun> StoreCeilingAsync(BenchOptions options, CancellationToken ct)
    {
        await using var host = await BenchHost.StartAsync();
        var warmUp = Pings(WarmUpSeed, WarmUpCount(options)).Select(p => StoreLoad.Prepare(p, host)).ToList();
        await StoreLoad.WriteAllAsync(host.Writer, warmUp, options.StoreInFlight, null, ct);
        // Parsed and compressed beforehand, as the webhook does on the request's thread.
        var pings = Pings(BenchOptions.Seed, options.LoadPings).Select(p => StoreLoad.Prepare(p, host)).ToList();
        return await StoreLoad.WriteAllAsync(host.Writer, pings, options.StoreInFlight, null, ct);
    }

    /// <summary>
    /// One webhook run over a fresh host, warmed up first, optionally with forwarding targets owed
    /// every ping; with what the variant asks to see of their backlog once the load has ended.
    /// </summary>
    private static async Task<WebhookRun> WebhookAsync(BenchOptions options, WebhookVariant variant, CancellationToken ct)
    {
        await using var host = await BenchHost.StartAsync(subjectFigures: variant.SubjectFigures);
        foreach (var target in variant.Targets)
            await host.Writer.AddTargetAsync(target.Url.ToString(), null, Forwarding.WebhookSignature.NewSecret(), true, DateTime.UtcNow);
        await WarmUpAsync(host.WebhookUrl, options, ct);
        // The process's working set, which holds every host run before this one: the difference
        // across the load is what a backlog owed on disk holds in memory.
        var before = 0L;
        if (variant.Backlog)
        {
            before = WorkingSetAfterGc();
            // That collection gave the heap back to the system: warmed up again, the timed load
            // starts with a heap grown as the other variants' do, and not short of one.
            await WarmUpAsync(host.WebhookUrl, options, ct);
        }
        var load = await LoadProcess.RunAsync(host.WebhookUrl, options, variant.NewLeads, ct);
        if (variant.Backlog) return new WebhookRun(load, host.Writer.OutboxCounts.Pending, before, WorkingSetAfterGc());
        if (variant.Drain) return new WebhookRun(load, Drain: await DrainAsync(host, ct));
        return new WebhookRun(load);
    }

    private sealed record WebhookRun(LoadResult Load, long Pending = 0, long Before = 0, long After = 0, (long Deliveries, double PerSecond)? Drain = null);

    /// <summary>Waits until the host owes no delivery: how many it owed, and how fast they went.</summary>
    private static async Task<(long Deliveries, double PerSecond)> DrainAsync(BenchHost host, CancellationToken ct)
    {
        var owed = host.Writer.OutboxCounts.Pending;
        var clock = Stopwatch.StartNew();
        while (host.Writer.OutboxCounts.Pending > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new BenchException($"{host.Writer.OutboxCounts.Pending} of {owed} deliveries still owed after five minutes");
            await Task.Delay(20, ct);
        }
        return (owed, owed / Math.Max(clock.Elapsed.TotalSeconds, 0.001));
    }

    /// <param name="Backlog">Keep the backlog left pending when the load ends, and the working set before and after it.</param>
    /// <param name="Drain">Time how fast the backlog, held back while the burst of pings lasted, is delivered after it.</param>
    private sealed record WebhookVariant(string Measure, bool NewLeads, bool SubjectFigures = true, bool Backlog = false, bool Drain = false,
        params ForwardingReceiver[] Targets);

    /// <summary>
    /// The webhook end to end, and the same load with what a feature adds to each ping turned off
    /// (subject figures) or on (forwarding targets: two that answer at once, one that never answers,
    /// whose backlog is left pending on disk). They run in rounds, each variant once a round over a
    /// fresh host: a shared machine that slows down for a minute slows every variant alike, so the
    /// costs, each variant's median rate against its reference's, compare like with like.
    /// </summary>
    private static async Task<List<BenchRow>> WebhookRoundsAsync(BenchOptions options, TextWriter progress, CancellationToken ct)
    {
        await using var first = await ForwardingReceiver.StartAsync(answers: true);
        await using var second = await ForwardingReceiver.StartAsync(answers: true);
        await using var dead = await ForwardingReceiver.StartAsync(answers: false);
        WebhookVariant stories = new("webhook: simulator stories", NewLeads: false),
            storiesWithoutSubjects = new("webhook with subject figures off: simulator stories", NewLeads: false, SubjectFigures: false),
            newLeads = new("webhook: every ping a new lead", NewLeads: true),
            newLeadsWithoutSubjects = new("webhook with subject figures off: every ping a new lead", NewLeads: true, SubjectFigures: false),
            twoTargets = new("webhook with two forwarding targets answering at once: every ping a new lead", NewLeads: true, Drain: true, Targets: [first, second]),
            deadTarget = new("webhook with a forwarding target that never answers: every ping a new lead", NewLeads: true, Backlog: true, Targets: [dead]);
        WebhookVariant[] variants = [stories, storiesWithoutSubjects, newLeads, newLeadsWithoutSubjects, twoTargets, deadTarget];

        var runs = variants.ToDictionary(v => v, _ => new List<WebhookRun>());
        for (var round = 1; round <= LoadRuns; round++)
        {
            progress.WriteLine($"bench:   round {round} of {LoadRuns}");
            foreach (var variant in variants) runs[variant].Add(await WebhookAsync(options, variant, ct));
        }
        var median = variants.ToDictionary(v => v, v => runs[v].OrderBy(r => r.Load.PingsPerSecond).ElementAt(LoadRuns / 2));

        var rows = variants.Select(v => Ingest(v.Measure, median[v].Load)).ToList();
        rows.Add(new BenchRow("outbox", "the target that never answers: working set after a full GC before its load",
            Bytes: median[deadTarget].Before));
        rows.Add(new BenchRow("outbox", "the same after its load, with its deliveries left pending on disk (matched)",
            Bytes: median[deadTarget].After, Matched: median[deadTarget].Pending));
        // A load too short or slow to be a burst leaves nothing owed: then there is nothing to time.
        var owed = runs[twoTargets].Select(r => r.Drain!.Value).Where(d => d.Deliveries > 0).OrderBy(d => d.PerSecond).ToList();
        if (owed.Count > 0)
            rows.Add(new BenchRow("outbox", "two targets answering at once: deliveries owed when the load ended (matched), made after it",
                owed[owed.Count / 2].PerSecond, Matched: owed[owed.Count / 2].Deliveries));
        BenchRow Cost(string measure, WebhookVariant with, WebhookVariant without) =>
            new("cost", measure, Change: 100 * (median[with].Load.PingsPerSecond / median[without].Load.PingsPerSecond - 1));
        rows.Add(Cost("subject figures: the webhook's stories against the same with them off", stories, storiesWithoutSubjects));
        rows.Add(Cost("subject figures: the webhook's new leads against the same with them off", newLeads, newLeadsWithoutSubjects));
        rows.Add(Cost("two forwarding targets answering at once: new leads against none", twoTargets, newLeads));
        rows.Add(Cost("a forwarding target that never answers: new leads against none", deadTarget, newLeads));
        return rows;
    }

    private const int WarmUpSeed = 1;
    private const int BackupSeed = 3;

    private static int WarmUpCount(BenchOptions options) => Math.Min(500, options.LoadPings);

    private static IEnumerable<GeneratedPing> Pings(int seed, long count) =>
        new StoryGenerator(seed, BenchOptions.KartraStart).Generate().Take((int)Math.Min(count, int.MaxValue));

    private static BenchRow Ingest(string measure, LoadResult run) =>
        new("ingest", measure, run.PingsPerSecond, run.P50Ms, run.P99Ms, run.CpuMsPerPing);

    /// <summary>A few hundred pings first, so the server's code is compiled before anything is timed.</summary>
    private static async Task WarmUpAsync(Uri webhook, BenchOptions options, CancellationToken ct)
    {
        var settings = new SimulationSettings
        {
            WebhookUrl = webhook,
            Rate = 0,
            Concurrency = options.Concurrency,
            Count = WarmUpCount(options),
            Seed = WarmUpSeed,
            Start = BenchOptions.KartraStart,
        };
        var report = await new Simulator().RunAsync(settings, progress: null, ct);
        if (!report.AllAccepted) throw new BenchException($"warming up, {report.Accepted} of {report.Sent} pings were accepted");
    }

    /// <summary>What the reads need from the filled database: ids and texts that exist in it.</summary>
    private sealed class FillMarks
    {
        public string? DeepEventId { get; set; }
        public string? EventId { get; set; }
        public string? LeadId { get; set; }
        public string? LeadText { get; set; }
        public DateTimeOffset? From { get; set; }
        public DateTimeOffset? To { get; set; }
    }

    /// <summary>
    /// The fastest honest fill: the simulator's stories, parsed and handed to the store's write path
    /// in this process, without HTTP; the same writes the webhook makes.
    /// </summary>
    private static async Task<FillMarks> FillAsync(BenchHost host, BenchOptions options, List<BenchRow> rows, TextWriter progress, CancellationToken ct)
    {
        var n = options.Events;
        var marks = new FillMarks();
        long deep = n / 100, middle = n / 2, from = n * 2 / 5, to = n * 3 / 5, tenth = Math.Max(1, n / 10);
        var run = await StoreLoad.WriteAllAsync(host.Writer, Pings(BenchOptions.Seed, n).Select(p => StoreLoad.Prepare(p, host)),
            options.StoreInFlight, (i, result) =>
            {
                var e = result.Event!;
                if (i == deep) marks.DeepEventId = e.Id;
                if (i == middle)
                {
                    marks.EventId = e.Id;
                    marks.LeadId = e.LeadId;
                    // A first name, as someone would type it: the start of the lead's email address.
                    marks.LeadText = e.LeadEmail?.Split('@')[0].Split('.')[0];
                }
                if (i == from) marks.From = e.ReceivedAt;
                if (i == to) marks.To = e.ReceivedAt;
                if ((i + 1) % tenth == 0 && n >= 100_000) progress.WriteLine($"bench:   {(i + 1) * 100 / n}% filled");
            }, ct);
        rows.Add(new BenchRow("fill", "store write path, simulator stories, no HTTP", run.PerSecond, run.Latency.Percentile(50),
            run.Latency.Percentile(99), run.CpuMsPerWrite));
        return marks;
    }

    private static IEnumerable<BenchRow> Disk(Database db, long events)
    {
        // Whatever is committed, as it lies on disk: the data file and the write-ahead log not yet checkpointed.
        var data = new FileInfo(db.FullPath).Length;
        var log = File.Exists(db.LogPath) ? new FileInfo(db.LogPath).Length : 0;
        yield return new BenchRow("disk", "data file", Bytes: data);
        if (log > 0) yield return new BenchRow("disk", "log file", Bytes: log);
        yield return new BenchRow("disk", "per event (data + log)", Bytes: (data + log) / events);
    }

    private static long WorkingSetAfterGc()
    {
        // Aggressive: the freed heap goes back to the system now, not some seconds later, so what
        // is left resident is what the process holds.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private const string FreeText = "free text";

    private static string Q(string? value) => Uri.EscapeDataString(value ?? throw new BenchException("the fill left nothing to look up"));

    private static IEnumerable<ReadRoute> Routes(FillMarks marks)
    {
        string Time(DateTimeOffset? t) => Q(t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        var month = BenchOptions.KartraStart;
        var monthRange = $"from={month:yyyy-MM-dd}&to={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
        var product = SimulationCatalog.Products[2].OfficialName.Split(' ')[^1];

        return
        [
            new("read", "GET /api/events", "/api/events"),
            new("read", "GET /api/events?before=<1% from the oldest>", $"/api/events?before={Q(marks.DeepEventId)}"),
            new("read", "GET /api/events?action=buy_product", "/api/events?action=buy_product"),
            new("read", "GET /api/events?lead=<lead id>", $"/api/events?lead={Q(marks.LeadId)}"),
            new("read", "GET /api/events?from=&to= (a fifth)", $"/api/events?from={Time(marks.From)}&to={Time(marks.To)}"),
            new("read", "GET /api/events/{id}", $"/api/events/{Q(marks.EventId)}"),
            new("read", "GET /api/leads", "/api/leads"),
            new("read", "GET /api/leads?gdpr=2", "/api/leads?gdpr=2"),
            new("read", "GET /api/leads/{id}", $"/api/leads/{Q(marks.LeadId)}"),
            new("read", "GET /api/revenue", "/api/revenue"),
            new("read", "GET /api/revenue?from=&to= (a month)", "/api/revenue?" + monthRange),
            new("read", "GET /api/gdpr", "/api/gdpr"),
            new("read", "GET /api/transactions", "/api/transactions"),
            new("read", "GET /api/transactions?type=refund", "/api/transactions?type=refund"),
            new("read", "GET /api/quarantine", "/api/quarantine"),
            new("read", "GET /api/subscriptions", "/api/subscriptions"),
            new("read", "GET /api/subscriptions?status=overdue", "/api/subscriptions?status=overdue"),
            new("read", "GET /api/subscriptions/trend?from=&to= (a month)", "/api/subscriptions/trend?" + monthRange),
            new("read", "GET /healthz", "/healthz"),
            // The simulator's opt-in tag (id 11) is held by most of its leads: the biggest segment.
            new("read", "GET /api/subjects?kind=tag", "/api/subjects?kind=tag"),
            new("read", "GET /api/subjects/tag/{id}", "/api/subjects/tag/11"),
            new("read", "GET /api/events?subject=tag:{id}", "/api/events?subject=tag:11"),
            new("read", "GET /api/events?subject=tag:{id}&action=unassign_tag", "/api/events?subject=tag:11&action=unassign_tag"),
            new("read", "GET /api/leads?tag={id}", "/api/leads?tag=11"),
            new("read", "GET /api/leads?sort=spent", "/api/leads?sort=spent"),
            new("export", "GET /api/transactions.csv", "/api/transactions.csv"),
            new(FreeText, $"GET /api/leads?search={marks.LeadText}", $"/api/leads?search={Q(marks.LeadText)}"),
            new(FreeText, $"GET /api/events?lead={marks.LeadText}", $"/api/events?lead={Q(marks.LeadText)}"),
            new(FreeText, $"GET /api/transactions?product={product}", $"/api/transactions?product={Q(product)}"),
        ];
    }

    /// <summary>
    /// The pages as a signed-in browser first loads them: prerendered, the server's whole share of
    /// the first paint in one GET.
    /// </summary>
    private static IEnumerable<ReadRoute> Pages(FillMarks marks) =>
    [
        new("page", "GET /", "/"),
        new("page", "GET /timeline", "/timeline"),
        new("page", "GET /timeline?action=buy_product", "/timeline?action=buy_product"),
        new("page", "GET /leads", "/leads"),
        new("page", "GET /leads/{id}", $"/leads/{Q(marks.LeadId)}"),
        new("page", "GET /revenue", "/revenue"),
        new("page", "GET /transactions", "/transactions"),
        new("page", "GET /gdpr", "/gdpr"),
        new("page", "GET /reports", "/reports"),
        new("page", "GET /quarantine", "/quarantine"),
        new("page", "GET /settings", "/settings"),
        new(FreeText, $"GET /leads?search={marks.LeadText}", $"/leads?search={Q(marks.LeadText)}"),
    ];
}

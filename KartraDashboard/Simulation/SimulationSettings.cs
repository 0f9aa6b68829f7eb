namespace KartraDashboard.Simulation;

/// <summary>How to run a simulation. Without <see cref="Count"/> and <see cref="Duration"/> it runs until cancelled.</summary>
public sealed record SimulationSettings
{
    /// <summary>The full webhook URL, token included: http(s)://host/webhooks/kartra/{token}.</summary>
    public required Uri WebhookUrl { get; init; }
    /// <summary>Pings per second; 0 sends as fast as the in-flight window allows.</summary>
    public double Rate { get; init; }
    /// <summary>Pings in flight at once.</summary>
    public int Concurrency { get; init; } = 8;
    public long? Count { get; init; }
    public TimeSpan? Duration { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Kartra's clock (America/New_York, naive) at the first ping.</summary>
    public required DateTime Start { get; init; }
    /// <summary>Average simulated time between pings; see <see cref="StoryGenerator"/>.</summary>
    public TimeSpan? MeanGap { get; init; }
    /// <summary>Every ping from a new lead, instead of leads with stories; see <see cref="StoryGenerator"/>.</summary>
    public bool NewLeads { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Stop after this many pings in a row got no answer at all (host down); 0 never gives up,
    /// as a long-running demo loop should not.
    /// </summary>
    public int GiveUpAfterFailures { get; init; }
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Null when usable, else what is wrong, in one line.</summary>
    public string? Validate()
    {
        if (!WebhookUrl.IsAbsoluteUri || WebhookUrl.Scheme is not ("http" or "https"))
            return $"the webhook URL must be an absolute http or https URL, not '{WebhookUrl.OriginalString}'";
        if (double.IsNaN(Rate) || double.IsInfinity(Rate) || Rate < 0) return "the rate must be a number of pings per second, 0 or more";
        if (Concurrency < 1) return "the concurrency must be at least 1";
        if (Count is < 1) return "the count must be at least 1";
        if (Duration is { } d && d <= TimeSpan.Zero) return "the duration must be positive";
        if (RequestTimeout <= TimeSpan.Zero) return "the request timeout must be positive";
        return null;
    }
}

/// <summary>Counts so far, reported while a simulation runs.</summary>
public sealed record SimulationProgress(long Sent, long Accepted, long Rejected, long Failed, TimeSpan Elapsed)
{
    public long Answered => Accepted + Rejected;
    /// <summary>Pings finished (answered or failed) per second since the start.</summary>
    public double Throughput => Elapsed.TotalSeconds > 0 ? (Accepted + Rejected + Failed) / Elapsed.TotalSeconds : 0;
}

/// <summary>A non-2xx answer kept as an example.</summary>
public sealed record RejectedSample(int StatusCode, string Reason, string BodyStart);

public sealed record SimulationReport
{
    public long Sent { get; init; }
    public long Accepted { get; init; }
    public long Rejected { get; init; }
    /// <summary>No answer: connection refused, host not found, timeout.</summary>
    public long Failed { get; init; }
    public TimeSpan Elapsed { get; init; }
    public double Throughput => Elapsed.TotalSeconds > 0 ? (Accepted + Rejected + Failed) / Elapsed.TotalSeconds : 0;
    /// <summary>Over answered pings, accepted or rejected; null when none was answered.</summary>
    public double? LatencyP50Ms { get; init; }
    public double? LatencyP95Ms { get; init; }
    public double? LatencyP99Ms { get; init; }
    public IReadOnlyDictionary<int, long> RejectedByStatus { get; init; } = new Dictionary<int, long>();
    public IReadOnlyList<RejectedSample> RejectedSamples { get; init; } = [];
    /// <summary>Distinct reasons pings got no answer, with how many each.</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason { get; init; } = new Dictionary<string, long>();
    /// <summary>Why the run ended early (cancelled, gave up), or null when it ran its course.</summary>
    public string? StoppedEarly { get; init; }
    /// <summary>Everything sent, whatever the answer.</summary>
    public required SentTotals SentTotals { get; init; }
    /// <summary>Only what was accepted: what the dashboard should show.</summary>
    public required SentTotals AcceptedTotals { get; init; }

    public bool AllAccepted => Sent > 0 && Accepted == Sent;
}

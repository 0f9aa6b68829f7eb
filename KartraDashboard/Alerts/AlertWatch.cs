using KartraDashboard.Hosting;
using KartraDashboard.Storage;

namespace KartraDashboard.Alerts;

/// <summary>
/// The silence watchdog and the digests, checked once a minute by the clock of
/// <see cref="TimeProvider"/>. What each rule last told is kept in its document, so a restart
/// neither repeats an alert nor forgets one owed; the alert itself is owed through the outbox.
/// </summary>
public sealed class AlertWatch(StoreWriter writer, OutboxReads reads, AlertMessages messages, ZoneSettings zones, TimeProvider time, ILogger<AlertWatch> log)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>Digests are sent at this hour of the dashboard's zone.</summary>
    public static readonly TimeOnly DigestTime = new(8, 0);

    // Per silence rule: the last event id seen and when (the watchdog's clock) it was first seen.
    private readonly Dictionary<string, (long Seen, DateTime At)> _activity = [];

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await CheckAsync(); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Checking the silence and digest rules failed"); }
            try { await Task.Delay(Every, time, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One check of every silence and digest rule.</summary>
    public async Task CheckAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var last = writer.Totals.LastEventId;
        foreach (var w in reads.WatchedRules())
        {
            var id = long.Parse(w.Rule.Id, System.Globalization.CultureInfo.InvariantCulture);
            if (w.Rule.Type == AlertTypes.Silence && w.Rule.Hours is { } hours) await CheckSilenceAsync(id, w, hours, last, now);
            else if (w.Rule.Type == AlertTypes.Digest) await CheckDigestAsync(id, w, now);
        }
    }

    private async Task CheckSilenceAsync(long id, WatchedRule w, int hours, long lastEvent, DateTime now)
    {
        if (!_activity.TryGetValue(w.Rule.Id, out var seen))
        {
            // After a restart: pings since the rule last looked count from when they arrived.
            var received = writer.Totals.LastReceivedAt;
            var at = w.ActiveAt ?? w.Rule.Created.UtcDateTime;
            seen = (w.SeenEvent, lastEvent > w.SeenEvent && received > at ? received : at);
        }
        if (lastEvent > seen.Seen)
        {
            if (w.Silent) await writer.TellSilenceAsync(id, false, lastEvent, now, messages.Resumed(now));
            seen = (lastEvent, now);
        }
        else if (!w.Silent && now - seen.At >= TimeSpan.FromHours(hours))
            await writer.TellSilenceAsync(id, true, lastEvent, seen.At, messages.Silence(hours, seen.At));
        _activity[w.Rule.Id] = seen;
    }

    private async Task CheckDigestAsync(long id, WatchedRule w, DateTime now)
    {
        var due = NextDigest(w.LastDigest ?? w.Rule.Created.UtcDateTime, w.Rule.Every ?? AlertTypes.Day, zones.Dashboard);
        if (now < due) return;
        var day = Days.Of(due, zones.Dashboard);
        await writer.OweDigestAsync(id, due, messages.Digest(w.Rule.Every ?? AlertTypes.Day, day));
    }

    /// <summary>The first 08:00 of the dashboard's zone after an instant (on a Monday, for a weekly digest).</summary>
    public static DateTime NextDigest(DateTime afterUtc, string every, TimeZoneInfo zone)
    {
        var day = Days.Of(afterUtc, zone);
        while (true)
        {
            var at = Days.Instant(day.ToDateTime(DigestTime), zone).UtcDateTime;
            if (at > afterUtc && (every != AlertTypes.Week || day.DayOfWeek == DayOfWeek.Monday)) return at;
            day = day.AddDays(1);
        }
    }
}

using KartraDashboard.Storage;
using Microsoft.Extensions.Options;

namespace KartraDashboard.Ownership;

/// <summary>
/// Removes raw bodies and whole events past their retention (<see cref="OwnershipOptions"/>),
/// at start and then every hour, in small batches: each batch is one short writer job, so pings
/// wait for one batch at most.
/// </summary>
public sealed class Retention(StoreWriter writer, IOptions<OwnershipOptions> options, TimeProvider clock, ILogger<Retention> log) : BackgroundService
{
    public const int Batch = 500;
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.RawBodyDays == 0 && o.EventDays == 0) return;
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Retention failed; it is tried again in an hour");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: everything past its retention now is removed. Answers how many bodies and events went.</summary>
    public async Task<(long Bodies, long Events)> RunOnceAsync(CancellationToken cancellation = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        long bodies = 0, events = 0;
        if (o.EventDays > 0)
            events = await DrainAsync(() => writer.RemoveEventsAsync(now.AddDays(-o.EventDays), Batch), cancellation);
        if (o.RawBodyDays > 0)
            bodies = await DrainAsync(() => writer.RemoveBodiesAsync(now.AddDays(-o.RawBodyDays), Batch), cancellation);
        if (bodies + events > 0) log.LogInformation("Retention removed {Bodies} raw bodies and {Events} events", bodies, events);
        return (bodies, events);
    }

    private static async Task<long> DrainAsync(Func<Task<int>> batch, CancellationToken cancellation)
    {
        long total = 0;
        int n;
        while ((n = await batch()) > 0)
        {
            total += n;
            cancellation.ThrowIfCancellationRequested();
        }
        return total;
    }
}

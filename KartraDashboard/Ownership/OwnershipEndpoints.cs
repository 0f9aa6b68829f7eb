using System.Globalization;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KartraDashboard.Ownership;

/// <summary>Owning the data: erasure of a lead, the erasure log, and backups, under the read API's /api and its sign-in.</summary>
public static class OwnershipEndpoints
{
    public static IServiceCollection AddOwnership(this IServiceCollection services)
    {
        services.AddOptions<OwnershipOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OwnershipOptions>, OwnershipOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ErasureReads>();
        services.AddSingleton<BackupCutter>();
        services.AddSingleton<Erasure>();
        services.AddSingleton<Retention>();
        services.AddHostedService(sp => sp.GetRequiredService<Retention>());
        services.AddSingleton<ScheduledBackups>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledBackups>());
        return services;
    }

    public static RouteGroupBuilder MapOwnership(this RouteGroupBuilder api)
    {
        api.MapDelete("/leads/{leadId}", EraseAsync).WithSummary("Erases a lead everywhere, down to the bytes on disk.");
        api.MapGet("/erasures", ListErasures).WithSummary("The erasure log, newest first.");
        api.MapGet("/backup", BackupAsync).WithSummary("A consistent copy of the database, as one LiteDB file.");
        return api;
    }

    /// <summary>What an erasure answers: the lead and how much of each kind went.</summary>
    public sealed record ErasureAnswer(string LeadId, int Events, int Transactions, int Quarantined);

    private static async Task<Results<Ok<ErasureAnswer>, NotFound<ProblemDetails>, ProblemHttpResult>> EraseAsync(string leadId, Erasure erasure)
    {
        LeadErasure? erased;
        try
        {
            erased = await erasure.EraseAsync(leadId);
        }
        catch (Exception e) when (e is StoreClosedException or StoreNotDurableException)
        {
            return TypedResults.Problem("The erasure could not be confirmed on disk; ask for it again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (erased is null)
            return TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = $"There is no lead {leadId}." });
        return TypedResults.Ok(new ErasureAnswer(erased.LeadId, erased.Events, erased.Transactions, erased.Quarantined));
    }

    private static Results<Ok<Page<ErasureItem>>, ProblemHttpResult> ListErasures(string? skip, string? take, ErasureReads erasures)
    {
        var s = 0;
        var t = 50;
        if (!string.IsNullOrWhiteSpace(skip) && !int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out s))
            return TypedResults.Problem($"'skip' must be a whole number of 0 or more, not '{skip}'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        if (!string.IsNullOrWhiteSpace(take) && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out t) || t < 1 || t > Paging.MaxTake))
            return TypedResults.Problem($"'take' must be a whole number from 1 to {Paging.MaxTake}, not '{take}'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        return TypedResults.Ok(erasures.List(s, t));
    }

    /// <summary>The copy is cut into a temporary file beside the database, streamed, and deleted once sent.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> BackupAsync(BackupCutter backups, Database db, TimeProvider clock, CancellationToken cancellation)
    {
        var temp = Path.Combine(Path.GetDirectoryName(db.FullPath)!, $".backup-{Guid.NewGuid():N}.db");
        try
        {
            await backups.CutAsync(temp, cancellation);
        }
        catch (Exception e)
        {
            // Whatever stopped it (a closed store, a full disk, a client that went away), no half copy stays behind.
            File.Delete(temp);
            File.Delete(Database.LogPathOf(temp));
            if (e is StoreClosedException)
                return TypedResults.Problem("The dashboard is shutting down; ask for the backup again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
            if (e is IOException or LiteDB.LiteException)
                return TypedResults.Problem($"The backup could not be written: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            throw;
        }
        var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var name = $"kartra-backup-{clock.GetUtcNow():yyyyMMdd-HHmmss}.db";
        return TypedResults.File(stream, "application/octet-stream", name);
    }
}

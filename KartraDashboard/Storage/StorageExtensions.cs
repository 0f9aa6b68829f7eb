using Microsoft.Extensions.Options;

namespace KartraDashboard.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => new Database(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath));
        services.AddOptions<DiskRecoveryOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StoreWriter>();
        // Registered first among the hosted services, so it stops last: what it took in gets written.
        services.AddHostedService(sp => sp.GetRequiredService<StoreWriter>());
        services.AddSingleton<StoreStatus>();
        services.AddSingleton<EventReads>();
        services.AddSingleton<LeadReads>();
        services.AddSingleton<RevenueReads>();
        services.AddSingleton<TransactionReads>();
        services.AddSingleton<QuarantineReads>();
        return services;
    }
}

using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Platform.Silo.AzureTableStorage.Providers;
using Platform.Silo.AzureTableStorage.Storage;

namespace Platform.Silo.AzureTableStorage.Hosting;

public static class AzureTableStorageServiceCollectionExtensions
{
    /// <summary>Registers Azure Table storage as the grain storage provider <paramref name="name"/>.</summary>
    public static IServiceCollection AddAzureTableGrainStorage(this IServiceCollection services, string name,
        Action<OptionsBuilder<AzureTableStorageOptions>>? configure = null)
    {
        configure?.Invoke(services.AddOptions<AzureTableStorageOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp =>
            new AzureTableStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(name), name));
        services.AddTransient<IPostConfigureOptions<AzureTableStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<AzureTableStorageOptions>>();
        services.ConfigureNamedOptionForLogging<AzureTableStorageOptions>(name);
        return services.AddGrainStorage(name, (sp, storageName) =>
            ActivatorUtilities.CreateInstance<AzureTableGrainStorage>(sp, storageName,
                sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(storageName)));
    }
}

using Platform.Silo.AzureTableStorage.Providers;

namespace Platform.Silo.AzureTableStorage.Hosting;

public static class AzureTableStorageSiloBuilderExtensions
{
    public static ISiloBuilder AddAzureTableGrainStorage(this ISiloBuilder silo, string name, Action<AzureTableStorageOptions> configure)
    {
        silo.Services.AddAzureTableGrainStorage(name, options => options.Configure(configure));
        return silo;
    }
}

using Azure.Data.Tables;
using Orleans.Providers;
using Platform.Silo.AzureTableStorage.Hosting;

[assembly: RegisterProvider("AzureTableStorage", "GrainStorage", "Silo", typeof(AzureTableStorageProviderBuilder))]

namespace Platform.Silo.AzureTableStorage.Hosting;

/// <summary>
/// Selects this provider from configuration alone: <c>Orleans:GrainStorage:{name}:ProviderType</c> =
/// <c>AzureTableStorage</c>, with <c>ServiceKey</c> naming a keyed <see cref="TableServiceClient"/>
/// (or <c>ConnectionString</c>), and optionally <c>TableName</c>.
/// </summary>
internal sealed class AzureTableStorageProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.Services.AddAzureTableGrainStorage(name!, optionsBuilder => optionsBuilder.Configure<IServiceProvider>((options, services) =>
        {
            if (configurationSection["ServiceKey"] is { Length: > 0 } serviceKey)
            {
                options.TableServiceClient = services.GetRequiredKeyedService<TableServiceClient>(serviceKey);
            }
            else if (configurationSection["ConnectionString"] is { Length: > 0 } connectionString)
            {
                options.TableServiceClient = new TableServiceClient(connectionString);
            }

            if (configurationSection["TableName"] is { Length: > 0 } tableName)
            {
                options.TableName = tableName;
            }
        }));
}

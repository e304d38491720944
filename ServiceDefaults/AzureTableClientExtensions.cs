using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// Registers a keyed <see cref="TableServiceClient"/> for every <c>AzureTableStorage</c> service key
/// that the Orleans configuration names, from <c>ConnectionStrings:{key}</c>, as Aspire's Azure
/// Tables client integration does.
/// </summary>
public static class AzureTableClientExtensions
{
    public static IHostApplicationBuilder AddAzureTableClientsFromOrleansConfiguration(this IHostApplicationBuilder builder)
    {
        foreach (var serviceKey in OrleansServiceKeys.For(builder.Configuration, "AzureTableStorage"))
        {
            var connectionString = OrleansServiceKeys.ConnectionString(builder.Configuration, serviceKey);
            builder.Services.AddKeyedSingleton(serviceKey, (_, _) => new TableServiceClient(connectionString));
        }

        return builder;
    }
}

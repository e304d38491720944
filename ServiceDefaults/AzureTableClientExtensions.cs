using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// Registers a keyed <see cref="TableServiceClient"/> for every <c>AzureTableStorage</c> service key
/// that the Orleans configuration names, from <c>ConnectionStrings:{key}</c>, as Aspire's Azure
/// Tables client integration does: a full connection string (Azurite, account keys), or in Azure a
/// table endpoint URI reached with the app's managed identity.
/// </summary>
public static class AzureTableClientExtensions
{
    public static IHostApplicationBuilder AddAzureTableClientsFromOrleansConfiguration(this IHostApplicationBuilder builder)
    {
        foreach (var serviceKey in OrleansServiceKeys.For(builder.Configuration, "AzureTableStorage"))
        {
            var connectionString = OrleansServiceKeys.ConnectionString(builder.Configuration, serviceKey);
            builder.Services.AddKeyedSingleton(serviceKey, (_, _) =>
                Uri.TryCreate(connectionString, UriKind.Absolute, out var endpoint)
                    ? new TableServiceClient(endpoint, new DefaultAzureCredential())
                    : new TableServiceClient(connectionString));
        }

        return builder;
    }
}

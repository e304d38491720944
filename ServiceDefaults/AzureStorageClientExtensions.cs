using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// Registers a keyed <see cref="TableServiceClient"/> for every <c>AzureTableStorage</c> service key and a
/// keyed <see cref="QueueServiceClient"/> for every <c>AzureQueueStorage</c> one that the Orleans
/// configuration names, from <c>ConnectionStrings:{key}</c>, as Aspire's Azure Storage client integrations
/// do: a full connection string (Azurite, account keys), or in Azure a service endpoint URI reached with
/// the app's managed identity.
/// </summary>
public static class AzureStorageClientExtensions
{
    public static IHostApplicationBuilder AddAzureStorageClientsFromOrleansConfiguration(this IHostApplicationBuilder builder)
    {
        Register(builder, "AzureTableStorage",
            (endpoint, credential) => new TableServiceClient(endpoint, credential), connectionString => new TableServiceClient(connectionString));
        Register(builder, "AzureQueueStorage",
            (endpoint, credential) => new QueueServiceClient(endpoint, credential), connectionString => new QueueServiceClient(connectionString));
        return builder;
    }

    private static void Register<TClient>(IHostApplicationBuilder builder, string providerType,
        Func<Uri, TokenCredential, TClient> fromEndpoint, Func<string, TClient> fromConnectionString)
        where TClient : class
    {
        foreach (var serviceKey in OrleansServiceKeys.For(builder.Configuration, providerType))
        {
            var connectionString = OrleansServiceKeys.ConnectionString(builder.Configuration, serviceKey);
            builder.Services.AddKeyedSingleton(serviceKey, (_, _) =>
                Uri.TryCreate(connectionString, UriKind.Absolute, out var endpoint)
                    ? fromEndpoint(endpoint, new DefaultAzureCredential())
                    : fromConnectionString(connectionString));
        }
    }
}

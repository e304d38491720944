using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

/// <summary>
/// Registers a keyed <see cref="TableServiceClient"/> for every <c>AzureTableStorage</c> service key and a
/// keyed <see cref="QueueServiceClient"/> for every <c>AzureQueueStorage</c> one that the Orleans
/// configuration names, from <c>ConnectionStrings:{key}</c>, as Aspire's Azure Storage client integrations
/// do: a full connection string (Azurite, account keys), or in Azure a service endpoint URI reached with
/// the app's managed identity. A call that storage does not answer within <see cref="StorageDeadlineOptions.Deadline"/>,
/// its retries included, fails.
/// </summary>
public static class AzureStorageClientExtensions
{
    public static IHostApplicationBuilder AddAzureStorageClientsFromOrleansConfiguration(this IHostApplicationBuilder builder)
    {
        Register<TableServiceClient, TableClientOptions>(builder, "AzureTableStorage", () => new(),
            (endpoint, credential, options) => new(endpoint, credential, options), (connectionString, options) => new(connectionString, options));
        Register<QueueServiceClient, QueueClientOptions>(builder, "AzureQueueStorage", () => new(),
            (endpoint, credential, options) => new(endpoint, credential, options), (connectionString, options) => new(connectionString, options));
        return builder;
    }

    private static void Register<TClient, TOptions>(IHostApplicationBuilder builder, string providerType, Func<TOptions> newOptions,
        Func<Uri, TokenCredential, TOptions, TClient> fromEndpoint, Func<string, TOptions, TClient> fromConnectionString)
        where TClient : class
        where TOptions : ClientOptions
    {
        foreach (var serviceKey in OrleansServiceKeys.For(builder.Configuration, providerType))
        {
            var connectionString = OrleansServiceKeys.ConnectionString(builder.Configuration, serviceKey);
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) =>
            {
                var options = WithDeadline(newOptions(), services.GetRequiredService<IOptions<StorageDeadlineOptions>>().Value.Deadline);
                return Uri.TryCreate(connectionString, UriKind.Absolute, out var endpoint)
                    ? fromEndpoint(endpoint, new DefaultAzureCredential(), options)
                    : fromConnectionString(connectionString, options);
            });
        }
    }

    /// <summary>Two tries, each given under half the deadline, instead of the SDK's default of four tries of up to 100 seconds each.</summary>
    private static TOptions WithDeadline<TOptions>(TOptions options, TimeSpan deadline) where TOptions : ClientOptions
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = deadline / 10;
        options.Retry.NetworkTimeout = deadline * 0.45;
        return options;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Azure;
using Platform.AppHost.Backing;
using Platform.AppHost.Supervision;

namespace Platform.AppHost;

public static class BackendSelection
{
    public const string RedisName = "redis";
    public const string StorageName = "storage";
    public const string TablesName = "tables";
    public const string QueuesName = "queues";

    /// <summary>
    /// Run mode: Redis and Azurite as processes, each when installed. Publish mode: Aspire's Redis
    /// container and an Azure Storage account for tables, as deployed to Azure Container Apps.
    /// </summary>
    public static SessionBackends AddSessionBackends(this IDistributedApplicationBuilder builder, PlatformOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var published = builder.AddRedis(RedisName).WithDataVolume("platform-redis-data").WithPersistence();
            var account = builder.AddAzureStorageAccount(StorageName);
            return new SessionBackends(published.WithOrleansProviderType("Redis"),
                account.AddTables(TablesName).WithOrleansProviderType("AzureTableStorage"), SessionStore.AzureTableStorage,
                account.AddQueues(QueuesName).WithOrleansProviderType("AzureQueueStorage"));
        }

        var redisServer = options.Embedded ? null : BackingServiceExtensions.FindProgram("redis-server");
        var azurite = options.Embedded || options.Storage is "redis" or "memory" ? null : BackingServiceExtensions.FindProgram("azurite");
        var missing = options.Storage switch
        {
            "azure-tables" when azurite is null => "Azurite (npm install -g azurite)",
            "redis" when redisServer is null => "redis-server (sudo apt-get install -y redis-server)",
            _ => null,
        };
        if (missing is not null)
        {
            throw new DistributedApplicationException($"Platform:Storage={options.Storage} needs {missing}, which is not installed.");
        }

        var redis = redisServer is null ? null : builder.AddRedisServer(RedisName, redisServer, Path.Combine(options.DataDirectory, "redis"))
            .WithOrleansProviderType("Redis")
            .Supervised(stopOrder: 2);
        var azureTables = azurite is null ? null : builder.AddAzurite(StorageName, azurite, Path.Combine(options.DataDirectory, "azurite"))
            .WithOrleansProviderType("AzureTableStorage")
            .Supervised(stopOrder: 2);
        var queues = azureTables?.AddQueues(QueuesName).WithOrleansProviderType("AzureQueueStorage");
        var backends = azureTables is not null ? new SessionBackends(redis, azureTables, SessionStore.AzureTableStorage, queues)
            : redis is not null && options.Storage != "memory" ? new SessionBackends(redis, redis, SessionStore.Redis)
            : new SessionBackends(redis, null, SessionStore.Memory);

        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            var logger = started.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.AppHost");
            var why = options.Embedded ? "not used (--embedded)" : "not installed";
#pragma warning disable CA1848 // Once per run.
            logger.LogInformation("{Announcement}", backends.Embedded
                ? $"Embedded default: redis-server and Azurite are {why}, so one silo runs on Orleans development clustering with in-memory sessions, lost when the platform stops. For the durable setup install Redis (sudo apt-get install -y redis-server) and Azurite (npm install -g azurite), then run this command again."
                : $"Durable setup: {(redis is null ? $"development clustering (redis-server is {why})" : "Redis clustering and reminders")}, sessions in {Describe(backends.Store, options)}, durable signals on {(queues is null ? "memory streams (Azurite is not used)" : "Azure Queue streams (Azurite)")}.");
#pragma warning restore CA1848
            return Task.CompletedTask;
        });
        return backends;
    }

    private static string Describe(SessionStore store, PlatformOptions options) => store switch
    {
        SessionStore.AzureTableStorage => "Azure Table storage (Azurite)",
        SessionStore.Redis => options.Storage == "redis" ? "Redis (--storage redis)" : "Redis (Azurite is not installed: npm install -g azurite)",
        _ => "memory (lost when the platform stops)",
    };
}

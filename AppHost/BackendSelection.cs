using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.AppHost.Azure;
using Platform.AppHost.Backing;
using Platform.AppHost.Supervision;

namespace Platform.AppHost;

public static class BackendSelection
{
    public const string RedisName = "redis";
    public const string StorageName = "storage";
    public const string TablesName = "tables";

    /// <summary>The app host's options, bound from configuration with the command line's short switches, and validated.</summary>
    public static PlatformOptions AddPlatformOptions(this IDistributedApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(PlatformOptions.NormalizeFlags(args), PlatformOptions.Switches);
        var options = new PlatformOptions();
        builder.Configuration.GetSection(PlatformOptions.SectionName).Bind(options);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(PlatformOptions.SectionName, typeof(PlatformOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        options.Dashboards = !args.Contains("--no-dashboard");
        return options;
    }

    /// <summary>
    /// Run mode: Redis and Azurite as processes, each when installed. Publish mode: Aspire's Redis
    /// container and an Azure Storage account for tables, as deployed to Azure Container Apps.
    /// </summary>
    public static SessionBackends AddSessionBackends(this IDistributedApplicationBuilder builder, PlatformOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var published = builder.AddRedis(RedisName).WithDataVolume("platform-redis-data").WithPersistence();
            var tables = builder.AddAzureStorageAccount(StorageName).AddTables(TablesName);
            return new SessionBackends(published.WithOrleansProviderType("Redis"), tables.WithOrleansProviderType("AzureTableStorage"), SessionStore.AzureTableStorage);
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
            .With(new StopOrderAnnotation(2))
            .With(new RestartOnCrashAnnotation());
        var storage = azurite is null ? null : builder.AddAzurite(StorageName, azurite, Path.Combine(options.DataDirectory, "azurite"))
            .WithOrleansProviderType("AzureTableStorage")
            .With(new StopOrderAnnotation(2))
            .With(new RestartOnCrashAnnotation());
        var backends = new SessionBackends(redis, storage, storage is not null ? SessionStore.AzureTableStorage
            : redis is not null && options.Storage != "memory" ? SessionStore.Redis
            : SessionStore.Memory);
        if (backends.Store == SessionStore.Redis)
        {
            backends = backends with { Storage = redis };
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            var logger = started.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.AppHost");
            var why = options.Embedded ? "not used (--embedded)" : "not installed";
#pragma warning disable CA1848 // Once per run.
            logger.LogInformation("{Announcement}", backends.Embedded
                ? $"Embedded default: redis-server and Azurite are {why}, so one silo runs on Orleans development clustering with in-memory sessions, lost when the platform stops. For the durable setup install Redis (sudo apt-get install -y redis-server) and Azurite (npm install -g azurite), then run this command again."
                : $"Durable setup: {(redis is null ? $"development clustering (redis-server is {why})" : "Redis clustering and reminders")}, sessions in {Describe(backends.Store, options)}.");
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

    private static IResourceBuilder<T> With<T>(this IResourceBuilder<T> builder, IResourceAnnotation annotation) where T : IResource =>
        builder.WithAnnotation(annotation);
}

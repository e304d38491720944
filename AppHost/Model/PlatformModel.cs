namespace Platform.AppHost.Model;

/// <summary>
/// The platform's resources and the Aspire-convention configuration each service gets. Run mode and
/// the manifest both come from here, so what runs locally is what gets deployed.
/// </summary>
public static class PlatformModel
{
    public const string Redis = "redis";
    public const string Storage = "storage";
    public const string Tables = "tables";
    public const string RedisPassword = "redis-password";
    public const string Silo = "silo";
    public const string Api = "api";
    public const string ClusterId = "orleans-cluster-id";
    public const string ServiceId = "orleans-service-id";
    public const string SessionStorage = "sessions";

    public const string HttpBinding = "http";
    public const string SiloBinding = "orleans-silo";
    public const string GatewayBinding = "orleans-gateway";

    /// <summary>Stable in run mode: grain storage keys include the service id, so changing it strands sessions.</summary>
    public const string LocalServiceId = "session-platform";
    public const string LocalClusterId = "session-platform-local";

    /// <summary>
    /// A silo: Redis clustering and reminders when Redis runs (else development clustering and
    /// in-memory reminders), session storage on Azure tables, else Redis, else in memory.
    /// </summary>
    public static Dictionary<string, string> SiloEnvironment(IResourceValues values, Backends backends)
    {
        var environment = Common(values);
        environment["Orleans__Endpoints__SiloPort"] = values.TargetPort(Silo, SiloBinding);
        environment["Orleans__Endpoints__GatewayPort"] = values.TargetPort(Silo, GatewayBinding);
        return environment
            .With(backends.Redis ? RedisClustering(values) : DevelopmentClustering(values.PrimarySiloEndpoint))
            .With(backends.Store switch
            {
                SessionStore.AzureTableStorage => TableStorage(values),
                SessionStore.Redis => RedisStorage(values),
                _ => MemoryStorage(),
            })
            .With(backends.Redis ? RedisReminders(values) : []);
    }

    public static Dictionary<string, string> ApiEnvironment(IResourceValues values, Backends backends) =>
        Common(values).With(backends.Redis ? RedisClustering(values) : DevelopmentClustering(values.GatewayEndpoints));

    private static Dictionary<string, string> Common(IResourceValues values) => new()
    {
        ["Orleans__ClusterId"] = values.Parameter(ClusterId),
        ["Orleans__ServiceId"] = values.Parameter(ServiceId),
        ["Orleans__EnableDistributedTracing"] = "true",
    };

    private static Dictionary<string, string> RedisClustering(IResourceValues values) => new()
    {
        ["Orleans__Clustering__ProviderType"] = "Redis",
        ["Orleans__Clustering__ServiceKey"] = Redis,
        [$"ConnectionStrings__{Redis}"] = values.ConnectionString(Redis),
    };

    private static Dictionary<string, string> RedisStorage(IResourceValues values) => new()
    {
        [$"Orleans__GrainStorage__{SessionStorage}__ProviderType"] = "Redis",
        [$"Orleans__GrainStorage__{SessionStorage}__ServiceKey"] = Redis,
        [$"ConnectionStrings__{Redis}"] = values.ConnectionString(Redis),
    };

    private static Dictionary<string, string> TableStorage(IResourceValues values) => new()
    {
        [$"Orleans__GrainStorage__{SessionStorage}__ProviderType"] = "AzureTableStorage",
        [$"Orleans__GrainStorage__{SessionStorage}__ServiceKey"] = Tables,
        [$"ConnectionStrings__{Tables}"] = values.ConnectionString(Tables),
    };

    /// <summary>Reminders expire sessions that no request touches again.</summary>
    private static Dictionary<string, string> RedisReminders(IResourceValues values) => new()
    {
        ["Orleans__Reminders__ProviderType"] = "Redis",
        ["Orleans__Reminders__ServiceKey"] = Redis,
        [$"ConnectionStrings__{Redis}"] = values.ConnectionString(Redis),
    };

    private static Dictionary<string, string> MemoryStorage() => new()
    {
        [$"Orleans__GrainStorage__{SessionStorage}__ProviderType"] = "Memory",
    };

    /// <summary>Development clustering, silo side: every silo names the primary silo.</summary>
    private static Dictionary<string, string> DevelopmentClustering(string primarySiloEndpoint) => new()
    {
        ["Orleans__Clustering__ProviderType"] = "Development",
        ["Orleans__Clustering__PrimarySiloEndPoint"] = primarySiloEndpoint,
    };

    /// <summary>Development clustering, client side: a static list of gateways.</summary>
    private static Dictionary<string, string> DevelopmentClustering(IReadOnlyList<string> gateways)
    {
        var environment = new Dictionary<string, string> { ["Orleans__Clustering__ProviderType"] = "Development" };
        for (var i = 0; i < gateways.Count; i++)
        {
            environment[$"Orleans__Clustering__Gateways__{i}"] = gateways[i];
        }

        return environment;
    }

    private static Dictionary<string, string> With(this Dictionary<string, string> environment, Dictionary<string, string> more)
    {
        foreach (var (key, value) in more)
        {
            environment[key] = value;
        }

        return environment;
    }
}

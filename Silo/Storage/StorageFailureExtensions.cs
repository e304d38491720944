using Orleans.Storage;

namespace Platform.Silo.Storage;

public static class StorageFailureExtensions
{
    /// <summary>Where <see cref="StorageFailureMapping"/> logs the failures it maps.</summary>
    private const string FailureCategory = "Platform.Silo.Storage.GrainStorage";

    /// <summary>
    /// Wraps each of the named grain storages registered so far in <see cref="StorageFailureMapping"/>. Call it after the
    /// storages are added: Orleans registers each as a keyed singleton, which this replaces with the wrapped one.
    /// </summary>
    public static IServiceCollection MapStorageFailures(this IServiceCollection services, params string[] names)
    {
        services.Configure<LoggerFilterOptions>(options =>
        {
            // The wrapper logs each failure once. Orleans' storage bridge logs it again under the provider's type name
            // (the wrapper's), and the providers log their own: Azure's as an error even for an expected version conflict.
            options.AddFilter(typeof(StorageFailureMapping).FullName, LogLevel.None);
            options.AddFilter("Orleans.Storage.AzureTableGrainStorage", LogLevel.Critical);
            options.AddFilter("Orleans.Persistence.RedisGrainStorage", LogLevel.Critical);
        });
        foreach (var name in names)
        {
            var index = services.ToList().FindLastIndex(descriptor =>
                descriptor.ServiceType == typeof(IGrainStorage) && descriptor.IsKeyedService && Equals(descriptor.ServiceKey, name));
            if (index < 0) continue;
            var original = services[index];
            services[index] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(name,
                (provider, key) => new StorageFailureMapping(name, Create(original, provider, key),
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger(FailureCategory)));
        }

        return services;
    }

    private static IGrainStorage Create(ServiceDescriptor original, IServiceProvider provider, object? key) =>
        original.KeyedImplementationFactory is { } factory ? (IGrainStorage)factory(provider, key)
        : original.KeyedImplementationInstance is IGrainStorage instance ? instance
        : (IGrainStorage)ActivatorUtilities.CreateInstance(provider, original.KeyedImplementationType!);
}

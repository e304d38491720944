using Orleans.Storage;

namespace Platform.Silo.Storage;

public static class StorageFailureExtensions
{
    /// <summary>
    /// Wraps each of the named grain storages registered so far in <see cref="StorageFailureMapping"/>. Call it after the
    /// storages are added: Orleans registers each as a keyed singleton, which this replaces with the wrapped one.
    /// </summary>
    public static IServiceCollection MapStorageFailures(this IServiceCollection services, params string[] names)
    {
        foreach (var name in names)
        {
            var index = services.ToList().FindLastIndex(descriptor =>
                descriptor.ServiceType == typeof(IGrainStorage) && descriptor.IsKeyedService && Equals(descriptor.ServiceKey, name));
            if (index < 0) continue;
            var original = services[index];
            services[index] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(name,
                (provider, key) => new StorageFailureMapping(name, Create(original, provider, key)));
        }

        return services;
    }

    private static IGrainStorage Create(ServiceDescriptor original, IServiceProvider provider, object? key) =>
        original.KeyedImplementationFactory is { } factory ? (IGrainStorage)factory(provider, key)
        : original.KeyedImplementationInstance is IGrainStorage instance ? instance
        : (IGrainStorage)ActivatorUtilities.CreateInstance(provider, original.KeyedImplementationType!);
}

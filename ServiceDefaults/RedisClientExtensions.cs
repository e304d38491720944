using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Platform.ServiceDefaults;

/// <summary>
/// Registers a keyed <see cref="IConnectionMultiplexer"/> for every Redis service key that the Orleans
/// configuration names, connected with <c>ConnectionStrings:{key}</c>: what Aspire's Redis client
/// integration does, so Orleans' Redis providers can resolve the client by its <c>ServiceKey</c>.
/// </summary>
public static class RedisClientExtensions
{
    public static IHostApplicationBuilder AddRedisClientsFromOrleansConfiguration(this IHostApplicationBuilder builder)
    {
        foreach (var serviceKey in OrleansServiceKeys.For(builder.Configuration, "Redis"))
        {
            var connectionString = OrleansServiceKeys.ConnectionString(builder.Configuration, serviceKey);
            builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(serviceKey, (_, _) =>
            {
                var options = ConfigurationOptions.Parse(connectionString);
                // Keep retrying in the background rather than failing the host when Redis restarts.
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
        }

        return builder;
    }
}

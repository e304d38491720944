using Microsoft.Extensions.Configuration;
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
        foreach (var serviceKey in RedisServiceKeys(builder.Configuration.GetSection("Orleans")))
        {
            var connectionString = builder.Configuration.GetConnectionString(serviceKey)
                ?? throw new InvalidOperationException(
                    $"Orleans configuration names the Redis service key '{serviceKey}', but ConnectionStrings:{serviceKey} is not set.");
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

    private static IEnumerable<string> RedisServiceKeys(IConfigurationSection orleans)
    {
        var providers = new[] { orleans.GetSection("Clustering") }
            .Concat(orleans.GetSection("GrainStorage").GetChildren())
            .Concat(orleans.GetSection("Streaming").GetChildren())
            .Append(orleans.GetSection("Reminders"));
        return providers
            .Where(section => string.Equals(section["ProviderType"], "Redis", StringComparison.OrdinalIgnoreCase))
            .Select(section => section["ServiceKey"])
            .OfType<string>()
            .Where(key => key.Length > 0)
            .Distinct(StringComparer.Ordinal);
    }
}

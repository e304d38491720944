using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Platform.ServiceDefaults;

/// <summary>
/// Registers a keyed <see cref="IConnectionMultiplexer"/> for every Redis service key that the Orleans
/// configuration names, connected with <c>ConnectionStrings:{key}</c>: what Aspire's Redis client
/// integration does, so Orleans' Redis providers can resolve the client by its <c>ServiceKey</c>.
/// A command that Redis does not answer within <see cref="StorageDeadlineOptions.Deadline"/> fails.
/// </summary>
public static class RedisClientExtensions
{
    public static IHostApplicationBuilder AddRedisClientsFromOrleansConfiguration(this IHostApplicationBuilder builder)
    {
        foreach (var serviceKey in OrleansServiceKeys.For(builder.Configuration, "Redis"))
        {
            var connectionString = OrleansServiceKeys.ConnectionString(builder.Configuration, serviceKey);
            builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(serviceKey, (services, _) =>
            {
                var options = ConfigurationOptions.Parse(connectionString);
                // Commands also wait this long in the backlog while Redis is unreachable, then fail.
                var deadline = (int)services.GetRequiredService<IOptions<StorageDeadlineOptions>>().Value.Deadline.TotalMilliseconds;
                options.AsyncTimeout = options.SyncTimeout = deadline;
                // Keep retrying in the background rather than failing the host when Redis restarts.
                options.AbortOnConnectFail = false;
                // Replies are read on .NET's thread pool, not on dedicated threads of the client's own, which on few
                // cores compete with the pool for the CPU (measured: a persisted write costs a fifth less, docs/benchmarks.md).
                options.SocketManager = SocketManager.ThreadPool;
                return ConnectionMultiplexer.Connect(options);
            });
        }

        return builder;
    }
}

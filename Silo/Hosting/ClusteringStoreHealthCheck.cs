using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.Silo.Hosting;

/// <summary>
/// Degraded, not unhealthy, while the clustering store (Redis) is unreachable: the silo keeps serving on the
/// cluster's last known membership, but a silo that starts meanwhile cannot join until the store is back.
/// </summary>
internal sealed class ClusteringStoreHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("clustering store (Redis) reachable")
            : HealthCheckResult.Degraded("clustering store (Redis) unreachable: serving on the last known membership; silos that start now wait until it is back"));
}

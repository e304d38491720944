using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ApiService.Cluster;

/// <summary>Reports whether this API reaches the session cluster, and how many silos are active.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0)
                .GetHosts(onlyActive: true)
                .WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy($"connected to the cluster: {hosts.Count} active silo(s)");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"cannot reach the cluster: {exception.Message}");
        }
    }
}

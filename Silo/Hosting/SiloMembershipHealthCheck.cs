using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Silo.Hosting;

/// <summary>
/// Healthy once this silo is an active member of the cluster and its view of the cluster's grain types includes
/// itself: membership turns Active first, and a grain placed before the manifest follows (a session's expiry
/// partition, on its first request) fails with "no active nodes are compatible".
/// </summary>
internal sealed class SiloMembershipHealthCheck(
    IClusterMembershipService membership, IClusterManifestProvider manifests, ILocalSiloDetails localSilo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(localSilo.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        var typesKnown = manifests.Current.Silos.ContainsKey(localSilo.SiloAddress);
        var description = $"silo {localSilo.SiloAddress} is {status}; {active} active silo(s) in cluster"
            + (typesKnown ? "" : "; its grain types are not yet in the cluster manifest");
        return Task.FromResult(status == SiloStatus.Active && typesKnown ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}

using Platform.ApiService.Problems;
using Platform.Contracts;

namespace Platform.ApiService.Cluster;

public static class ClusterGrains
{
    /// <summary>
    /// A grain reference, or <see cref="ClusterUnavailableException"/> (a 503) while no silo has been
    /// reached: Orleans resolves the grain class from the cluster's manifest, which arrives with the first silo.
    /// </summary>
    public static TGrain Get<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        try
        {
            return grains.ByKey<TGrain>(key);
        }
        // A blank key is the caller's mistake (ByKey names it), not a cluster still out of reach.
        catch (ArgumentException exception) when (exception.ParamName != "key")
        {
            throw new ClusterUnavailableException($"No silo hosting {typeof(TGrain).Name} has been reached yet.", exception);
        }
    }
}

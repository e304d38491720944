using Platform.ApiService.Problems;

namespace Platform.ApiService.Cluster;

public static class ClusterGrains
{
    /// <summary>
    /// A grain reference, or <see cref="ClusterUnavailableException"/> (a 503) while no silo has been
    /// reached: Orleans resolves the grain class from the cluster's manifest, which arrives with the first silo.
    /// </summary>
    /// <remarks>
    /// Orleans' <c>GetGrain&lt;T&gt;(key)</c> reads the interface's attributes on every call (5 % of the silo's CPU
    /// in a profile of the session read); the grain and interface types it resolves are the same for every key,
    /// so they are resolved once and each reference is made from them.
    /// </remarks>
    public static TGrain Get<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        if (Resolved<TGrain>.Types is { } types)
        {
            return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        try
        {
            var grain = grains.GetGrain<TGrain>(key);
            var reference = (GrainReference)(object)grain;
            Resolved<TGrain>.Types = new ResolvedTypes(reference.GrainId.Type, reference.InterfaceType);
            return grain;
        }
        catch (ArgumentException exception)
        {
            throw new ClusterUnavailableException($"No silo hosting {typeof(TGrain).Name} has been reached yet.", exception);
        }
    }

    /// <summary>A class, so that threads see it whole or not at all.</summary>
    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<TGrain>
    {
        public static ResolvedTypes? Types;
    }
}

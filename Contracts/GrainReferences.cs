namespace Platform.Contracts;

/// <summary>
/// Grain references by key, for every caller in the API and the silo. Orleans' <c>GetGrain&lt;T&gt;(key)</c> reads the
/// interface's attributes on every call (5 % of the silo's CPU in a profile of the session read); the grain and
/// interface types it resolves are the same for every key, so they are resolved once and each reference is made from them.
/// </summary>
public static class GrainReferences
{
    public static TGrain ByKey<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Resolved<TGrain>.Types is { } types
            ? types.Reference<TGrain>(grains, IdSpan.Create(key))
            : Remember(grains.GetGrain<TGrain>(key));
    }

    public static TGrain ByKey<TGrain>(this IGrainFactory grains, long key) where TGrain : IGrainWithIntegerKey =>
        Resolved<TGrain>.Types is { } types
            ? types.Reference<TGrain>(grains, GrainIdKeyExtensions.CreateIntegerKey(key))
            : Remember(grains.GetGrain<TGrain>(key));

    private static TGrain Remember<TGrain>(TGrain grain)
    {
        var reference = (GrainReference)(object)grain!;
        Resolved<TGrain>.Types = new ResolvedTypes(reference.GrainId.Type, reference.InterfaceType);
        return grain;
    }

    /// <summary>A class, so that threads see it whole or not at all.</summary>
    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface)
    {
        public TGrain Reference<TGrain>(IGrainFactory grains, IdSpan key) => (TGrain)grains.GetGrain(GrainId.Create(Grain, key), Interface);
    }

    private static class Resolved<TGrain>
    {
        public static ResolvedTypes? Types;
    }
}

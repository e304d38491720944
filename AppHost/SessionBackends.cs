namespace Platform.AppHost;

/// <summary>Where sessions are kept, as Orleans grain storage provider types.</summary>
public enum SessionStore
{
    AzureTableStorage,
    Redis,
    Memory,
}

/// <summary>
/// The backing services this run of the platform has: Redis for clustering and reminders (when there
/// is one), the resource that stores sessions, signal logs and reports, and the queues that carry durable
/// signals. What is missing falls back to the embedded default.
/// </summary>
public sealed record SessionBackends(
    IResourceBuilder<IResourceWithConnectionString>? Redis,
    IResourceBuilder<IResourceWithConnectionString>? Storage,
    SessionStore Store,
    IResourceBuilder<IResourceWithConnectionString>? Queues = null)
{
    public bool Embedded => Redis is null && Store == SessionStore.Memory;

    /// <summary>Development clustering has one primary silo that the others would have to be told about; the embedded default runs one.</summary>
    public int SiloReplicas(PlatformOptions options) => Redis is null ? 1 : options.Silos;

    /// <summary>A rolling restart keeps sessions only with several silos and storage that outlives them.</summary>
    public bool RollingRestartable(PlatformOptions options) => SiloReplicas(options) > 1 && Storage is not null;

    public IEnumerable<IResourceBuilder<IResource>> Resources =>
        new[] { Redis, Storage }.OfType<IResourceBuilder<IResource>>().Distinct();
}

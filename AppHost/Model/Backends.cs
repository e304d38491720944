namespace Platform.AppHost.Model;

/// <summary>Where sessions are stored: Orleans grain storage provider types.</summary>
public enum SessionStore
{
    AzureTableStorage,
    Redis,
    Memory,
}

/// <summary>Which backing services the platform runs on; what is missing falls back to the embedded default.</summary>
public sealed record Backends(bool Redis, SessionStore Store)
{
    /// <summary>Deployed: Redis for clustering and reminders, Azure Table storage for sessions.</summary>
    public static Backends Published { get; } = new(Redis: true, SessionStore.AzureTableStorage);

    public bool Embedded => !Redis && Store == SessionStore.Memory;
}

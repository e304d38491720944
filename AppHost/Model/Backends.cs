namespace Platform.AppHost.Model;

/// <summary>Which backing services the platform runs on; what is missing falls back to the embedded default.</summary>
public sealed record Backends(bool Redis, bool AzureTables)
{
    /// <summary>Deployed: Redis for clustering and reminders, Azure Table storage for sessions.</summary>
    public static Backends Published { get; } = new(Redis: true, AzureTables: true);

    public bool Embedded => !Redis && !AzureTables;
}

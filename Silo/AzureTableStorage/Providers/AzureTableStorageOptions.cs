using Azure.Data.Tables;
using Orleans.Storage;

namespace Platform.Silo.AzureTableStorage.Providers;

/// <summary>Grain storage on Azure Table storage (provider type <c>AzureTableStorage</c>).</summary>
public sealed class AzureTableStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The table that holds grain state; created at start when missing. Default <c>GrainState</c>.</summary>
    public string TableName { get; set; } = "GrainState";

    /// <summary>The client, usually the keyed one named by <c>ServiceKey</c>; never logged.</summary>
    [Redact]
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>The silo lifecycle stage at which the table is created. Default: application services.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <inheritdoc/>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}

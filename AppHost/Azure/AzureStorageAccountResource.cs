namespace Platform.AppHost.Azure;

/// <summary>
/// Publish mode: the Azure Storage account that holds session state (tables) and carries durable signals (queues), written to the manifest as an
/// <c>azure.bicep.v0</c> resource with its Bicep module beside the manifest. (Aspire's own
/// Aspire.Hosting.Azure.Storage is not served by this registry; the module follows what it writes.)
/// </summary>
public sealed class AzureStorageAccountResource(string name) : Resource(name)
{
    public const string ModuleFile = "storage.module.bicep";

    public BicepOutputReference TableEndpoint => new(this, "tableEndpoint");

    public BicepOutputReference QueueEndpoint => new(this, "queueEndpoint");

    /// <summary>The module's text, kept as a file of the app host and embedded in it.</summary>
    public static string Module()
    {
        using var stream = typeof(AzureStorageAccountResource).Assembly.GetManifestResourceStream(ModuleFile)
            ?? throw new InvalidOperationException($"{ModuleFile} is not embedded in the app host.");
        return new StreamReader(stream).ReadToEnd();
    }
}

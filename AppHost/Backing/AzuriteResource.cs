namespace Platform.AppHost.Backing;

/// <summary>
/// Azurite, the Azure Storage emulator, run as a process: blob, queue and table services on loopback,
/// data in its folder. Its connection string is the emulator's well-known development account.
/// </summary>
public sealed class AzuriteResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string BlobEndpointName = "blob";
    public const string QueueEndpointName = "queue";
    public const string TableEndpointName = "table";

    /// <summary>Azurite's published development account key (from its documentation); not a secret.</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint={Service(BlobEndpointName)};QueueEndpoint={Service(QueueEndpointName)};TableEndpoint={Service(TableEndpointName)};");

    private ReferenceExpression Service(string endpointName) =>
        ReferenceExpression.Create($"http://127.0.0.1:{new EndpointReference(this, endpointName).Property(EndpointProperty.Port)}/devstoreaccount1");
}

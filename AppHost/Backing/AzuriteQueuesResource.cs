namespace Platform.AppHost.Backing;

/// <summary>
/// Azurite's queue service as a resource of its own, for Orleans' Azure Queue streams: Aspire's Orleans
/// integration takes one provider type per resource, and Azurite itself is the table storage.
/// </summary>
public sealed class AzuriteQueuesResource(string name, AzuriteResource azurite)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent<AzuriteResource>
{
    public AzuriteResource Parent => azurite;

    public ReferenceExpression ConnectionStringExpression => azurite.ConnectionStringExpression;
}

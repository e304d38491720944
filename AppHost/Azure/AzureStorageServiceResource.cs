namespace Platform.AppHost.Azure;

/// <summary>One service of the storage account (tables or queues), as a connection string: the service's endpoint, reached with the app's managed identity.</summary>
public sealed class AzureStorageServiceResource(string name, BicepOutputReference endpoint) : Resource(name), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{endpoint}");
}

namespace Platform.AppHost.Azure;

public static class AzureStorageExtensions
{
    /// <summary>The storage account, written to the manifest with its Bicep module copied beside it.</summary>
    public static IResourceBuilder<AzureStorageAccountResource> AddAzureStorageAccount(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new AzureStorageAccountResource(name))
            .WithManifestPublishingCallback(async context =>
            {
                var directory = Path.GetDirectoryName(context.ManifestPath) ?? Directory.GetCurrentDirectory();
                await File.WriteAllTextAsync(Path.Combine(directory, AzureStorageAccountResource.ModuleFile), AzureStorageAccountResource.Module());
                context.Writer.WriteString("type", "azure.bicep.v0");
                context.Writer.WriteString("path", AzureStorageAccountResource.ModuleFile);
                // Filled in by the deployment tool with the identity the apps run as.
                context.Writer.WriteStartObject("params");
                context.Writer.WriteString("principalType", "");
                context.Writer.WriteString("principalId", "");
                context.Writer.WriteEndObject();
            });

    public static IResourceBuilder<AzureStorageServiceResource> AddTables(this IResourceBuilder<AzureStorageAccountResource> account, string name) =>
        account.AddService(name, account.Resource.TableEndpoint);

    public static IResourceBuilder<AzureStorageServiceResource> AddQueues(this IResourceBuilder<AzureStorageAccountResource> account, string name) =>
        account.AddService(name, account.Resource.QueueEndpoint);

    private static IResourceBuilder<AzureStorageServiceResource> AddService(this IResourceBuilder<AzureStorageAccountResource> account,
        string name, BicepOutputReference endpoint)
    {
        var service = new AzureStorageServiceResource(name, endpoint);
        return account.ApplicationBuilder.AddResource(service)
            .WithManifestPublishingCallback(context =>
            {
                context.Writer.WriteString("type", "value.v0");
                context.Writer.WriteString("connectionString", service.ConnectionStringExpression.ValueExpression);
                return Task.CompletedTask;
            });
    }
}

using Platform.AppHost.Model;

namespace Platform.AppHost.Publishing;

/// <summary>Aspire manifest expressions, resolved by the deployment tool (for example azd).</summary>
internal sealed class ManifestValues : IResourceValues
{
    public string ConnectionString(string resource) => $"{{{resource}.connectionString}}";

    public string Parameter(string name) => $"{{{name}.value}}";

    public string TargetPort(string resource, string binding) => $"{{{resource}.bindings.{binding}.targetPort}}";

    public string PrimarySiloEndpoint => throw new NotSupportedException("The published platform is durable; it has no embedded default.");

    public IReadOnlyList<string> GatewayEndpoints => throw new NotSupportedException("The published platform is durable; it has no embedded default.");
}

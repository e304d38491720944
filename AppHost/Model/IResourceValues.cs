namespace Platform.AppHost.Model;

/// <summary>
/// The values that differ between running here and the published manifest: concrete ports and
/// connection strings when running, Aspire's <c>{resource.…}</c> expressions when publishing.
/// </summary>
public interface IResourceValues
{
    string ConnectionString(string resource);

    string Parameter(string name);

    string TargetPort(string resource, string binding);

    /// <summary>Embedded default only: the first silo, which development clustering uses as primary.</summary>
    string PrimarySiloEndpoint { get; }

    /// <summary>Embedded default only: every silo's gateway, which a client lists statically.</summary>
    IReadOnlyList<string> GatewayEndpoints { get; }
}

using Platform.AppHost.Model;

namespace Platform.AppHost.Running;

/// <summary>Concrete values for one replica when the platform runs on this machine.</summary>
internal sealed class LocalValues(
    IReadOnlyDictionary<string, string> connectionStrings,
    IReadOnlyDictionary<string, int> ports,
    IReadOnlyList<SiloPorts> silos) : IResourceValues
{
    public string ConnectionString(string resource) => connectionStrings.TryGetValue(resource, out var connectionString)
        ? connectionString
        : throw new InvalidOperationException($"No connection string for '{resource}' in this run.");

    public string Parameter(string name) => name switch
    {
        PlatformModel.ClusterId => PlatformModel.LocalClusterId,
        PlatformModel.ServiceId => PlatformModel.LocalServiceId,
        _ => throw new InvalidOperationException($"No value for parameter '{name}'."),
    };

    public string TargetPort(string resource, string binding) => ports[binding].ToString();

    public string PrimarySiloEndpoint => $"127.0.0.1:{silos[0].Silo}";

    public IReadOnlyList<string> GatewayEndpoints => silos.Select(silo => $"127.0.0.1:{silo.Gateway}").ToList();
}

/// <summary>The ports of one silo replica, kept across its restarts so its membership entry is superseded.</summary>
internal sealed record SiloPorts(int Http, int Silo, int Gateway);

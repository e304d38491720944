using Orleans.TestingHost;

namespace Platform.Tests.Infrastructure;

public static class TestClusters
{
    /// <summary>
    /// Deploys an Orleans test cluster on TCP (so an API outside it can connect) and returns it with
    /// the settings an API needs to reach every silo's gateway.
    /// </summary>
    public static async Task<(TestCluster Cluster, Dictionary<string, string?> ApiSettings)> Deploy<TConfigurator>(short silos)
        where TConfigurator : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = cluster.Options.ClusterId,
            ["Orleans:ServiceId"] = cluster.Options.ServiceId,
            ["Orleans:Clustering:ProviderType"] = "Development",
        };
        for (var i = 0; i < cluster.Silos.Count; i++)
        {
            settings[$"Orleans:Clustering:Gateways:{i}"] = cluster.Silos[i].GatewayAddress.Endpoint.ToString();
        }

        return (cluster, settings);
    }

    /// <summary>
    /// The settings of one more silo, joining <paramref name="cluster"/> through its primary (development
    /// clustering), that serves the API: the co-hosted topology, hosted by <see cref="CoHostedApiFactory"/>.
    /// Storage, reminders and streams are the embedded defaults, in memory as on the test cluster's silos.
    /// </summary>
    public static Dictionary<string, string?> CoHostedSiloSettings(TestCluster cluster) => new()
    {
        ["Orleans:ClusterId"] = cluster.Options.ClusterId,
        ["Orleans:ServiceId"] = cluster.Options.ServiceId,
        ["Orleans:Clustering:ProviderType"] = "Development",
        ["Orleans:Clustering:PrimarySiloEndPoint"] = cluster.Primary!.SiloAddress.Endpoint.ToString(),
        ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(),
        ["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(),
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["OrleansDashboard:Enabled"] = "false",
        ["Api:CoHosted"] = "true",
        ["Reports:SigningKey"] = TestSigning.Key,
    };
}

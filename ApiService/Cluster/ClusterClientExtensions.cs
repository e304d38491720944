using Orleans.Configuration;
using Platform.Contracts.Signals;

namespace Platform.ApiService.Cluster;

public static class ClusterClientExtensions
{
    /// <summary>How long one call into the cluster may take before the caller gets a 503.</summary>
    public static readonly TimeSpan ClusterCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often the client reads the cluster's gateways from membership.</summary>
    private static readonly TimeSpan GatewayRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connects this API to the session cluster as an Orleans client, configured from the
    /// Aspire-convention <c>Orleans</c> section, or to a localhost silo when that names no clustering.
    /// </summary>
    public static IHostApplicationBuilder AddClusterClient(this IHostApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        var embedded = !orleans.GetSection("Clustering:ProviderType").Exists();
        builder.UseOrleansClient(client =>
        {
            if (embedded)
            {
                client.UseLocalhostClustering(orleans.GetValue("Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
            }

            if (!orleans.GetSection($"Streaming:{SignalStreams.LiveProvider}:ProviderType").Exists())
            {
                // The embedded default, as on the silos: event streams watch the live stream in memory.
                client.AddMemoryStreams(SignalStreams.LiveProvider);
            }

            // Keep trying to reach the cluster; meanwhile the API serves 503s instead of refusing to start.
            client.UseConnectionRetryFilter(RetryConnection);
        });

        builder.Services.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = ClusterCallTimeout);
        // A silo started again (as in a rolling restart) is a gateway to this client within seconds, not Orleans'
        // default minute: once the other silos stop in turn, it may be the only gateway left.
        builder.Services.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = GatewayRefreshPeriod);
        // The web server must listen while the client is still looking for a silo.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("orleans-cluster");
        return builder;
    }

    private static async Task<bool> RetryConnection(Exception exception, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}

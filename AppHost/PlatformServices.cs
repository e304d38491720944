using Microsoft.Extensions.Hosting;
using Aspire.Hosting.Orleans;
using Platform.AppHost.Supervision;

namespace Platform.AppHost;

public static class PlatformServices
{
    public const string SessionStorage = "sessions";

    /// <summary>Signal logs and reports (the silo's <c>SignalStorage</c>), and Orleans' stream subscriptions.</summary>
    public const string SignalStorage = "signalstore";
    public const string PubSubStore = "PubSubStore";

    /// <summary>Teams and their directory (the silo's <c>TeamStorage</c>).</summary>
    public const string TeamStorage = "teams";

    /// <summary>The stream providers the silos and the API know by these names (<c>SignalStreams</c>).</summary>
    public const string DurableSignals = "signals";
    public const string LiveSignals = "live";

    /// <summary>The silo endpoint Aspire.Hosting.Orleans adds for clients.</summary>
    private const string GatewayEndpoint = "orleans-gateway";

    /// <summary>
    /// The Orleans cluster: Redis clustering and reminders when Redis runs, else development clustering;
    /// the session grain storage on the chosen store. Service and cluster ids are pinned: Orleans' storage
    /// keys include the service id, so a new one on every run would strand every stored session.
    /// </summary>
    public static OrleansService AddSessionCluster(this IDistributedApplicationBuilder builder, SessionBackends backends)
    {
        var orleans = builder.AddOrleans("cluster")
            .WithServiceId(builder.AddParameter("orleans-service-id", "session-platform", publishValueAsDefault: true))
            .WithClusterId(builder.AddParameter("orleans-cluster-id", "session-platform", publishValueAsDefault: true));
        orleans = backends.Redis is { } redis
            ? orleans.WithClustering(redis).WithReminders(redis)
            : orleans.WithDevelopmentClustering().WithMemoryReminders();
        foreach (var storageName in new[] { SessionStorage, SignalStorage, PubSubStore, TeamStorage })
        {
            orleans = backends.Storage is { } storage
                ? orleans.WithGrainStorage(storageName, storage)
                : orleans.WithMemoryGrainStorage(storageName);
        }

        // Durable signals on Azure queues where they run; every signal on memory streams for live watchers.
        orleans = backends.Queues is { } queues
            ? orleans.WithStreaming(DurableSignals, queues)
            : orleans.WithMemoryStreaming(DurableSignals);
        return orleans.WithMemoryStreaming(LiveSignals);
    }

    /// <summary>The silos of the separate topology: replicas that host the session grains, each with /health and the Orleans dashboard.</summary>
    public static IResourceBuilder<ProjectResource> AddSilos(this IDistributedApplicationBuilder builder,
        OrleansService cluster, SessionBackends backends, PlatformOptions options)
    {
        var silo = builder.AddSilo("silo", cluster, backends, options, port: null)
            .WithReplicas(backends.SiloReplicas(options));
        if (builder.ExecutionContext.IsRunMode && backends.RollingRestartable(options))
        {
            new[] { silo }.WithRollingRestart();
        }

        if (backends.Redis is null)
        {
            // Embedded default (run mode only): the one silo's gateway on a port known before it starts, for the API's static gateway list.
            silo.WithEndpoint(GatewayEndpoint, endpoint => endpoint.TargetPort = Backing.FreePort.Next());
        }

        return silo;
    }

    /// <summary>
    /// The silos of the co-hosted topology, each also serving the API. One resource per silo here, since Aspire
    /// proxies replicas, and a request should reach the silo that holds its user's session (placed where the user's
    /// first request arrived), not a proxy. With two silos or more, all of them listen on
    /// <see cref="PlatformOptions.ApiPort"/> (the kernel spreads connections among them, so stopping one takes no
    /// address down) and silo i alone on ApiPort + 1 + i. Published as one app with replicas whose HTTP endpoint
    /// is the environment's only external one.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddCoHostedSilos(this IDistributedApplicationBuilder builder,
        OrleansService cluster, SessionBackends backends, PlatformOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return [builder.AddSilo("silo", cluster, backends, options, port: null).WithReplicas(options.Silos).ServingApi(options)];
        }

        var count = backends.SiloReplicas(options);
        if (count == 1)
        {
            return [builder.AddSilo("silo", cluster, backends, options, port: options.ApiPort).ServingApi(options)];
        }

        var silos = Enumerable.Range(0, count)
            .Select(i => builder.AddSilo($"silo-{i}", cluster, backends, options, port: options.ApiPort + 1 + i).ServingApi(options).SharingApiPort(options, i))
            .ToList();
        return backends.RollingRestartable(options) ? silos.WithRollingRestart() : silos;
    }

    /// <summary>
    /// The API's port, shared by every co-hosted silo through Linux's <c>SO_REUSEPORT</c> (the silo's
    /// <c>Api:SharedPort</c>). Elsewhere only the first silo listens on it.
    /// </summary>
    private static IResourceBuilder<ProjectResource> SharingApiPort(this IResourceBuilder<ProjectResource> silo, PlatformOptions options, int index)
    {
        if (!OperatingSystem.IsLinux() && index > 0)
        {
            return silo;
        }

        silo.WithHttpEndpoint(port: options.ApiPort, name: SharedApiEndpoint, isProxied: false);
        return OperatingSystem.IsLinux()
            ? silo.WithEnvironment("Api__SharedPort", options.ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : silo;
    }

    private const string SharedApiEndpoint = "api";

    /// <summary>
    /// A silo process: the cluster's configuration, the report signing key, an HTTP endpoint with /health and the
    /// Orleans dashboard's link, proxied by Aspire unless it has a <paramref name="port"/> of its own.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddSilo(this IDistributedApplicationBuilder builder, string name,
        OrleansService cluster, SessionBackends backends, PlatformOptions options, int? port)
    {
        var silo = builder.AddProject<Projects.Silo>(name)
            .WithReference(cluster)
            .WithHttpEndpoint(port: port, name: "http", isProxied: port is null)
            .WithEnvironment("Reports__SigningKey", builder.AddReportSigningKey())
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithUrls(context =>
            {
                if (options.Dashboards && context.Urls.FirstOrDefault(url => url.Endpoint?.EndpointName == "http") is { } http)
                {
                    context.Urls.Add(new ResourceUrlAnnotation { Url = $"{http.Url}/orleans/", DisplayText = "Orleans dashboard", Endpoint = http.Endpoint });
                }
            })
            .Supervised(stopOrder: 1);
        foreach (var backing in backends.Resources)
        {
            silo.WaitFor(backing);
        }

        if (!options.Dashboards)
        {
            silo.WithEnvironment("OrleansDashboard__Enabled", "false");
        }

        return builder.ExecutionContext.IsRunMode ? silo.WithLocalDefaults() : silo;
    }

    /// <summary>The API's endpoints in this silo's process, on its HTTP endpoint, reachable from outside.</summary>
    private static IResourceBuilder<ProjectResource> ServingApi(this IResourceBuilder<ProjectResource> silo, PlatformOptions options)
    {
        silo.WithEnvironment("Api__CoHosted", "true").WithExternalHttpEndpoints();
        return silo.ApplicationBuilder.ExecutionContext.IsRunMode
            ? silo.WithApiLocalDefaults(options)
            : silo;
    }

    /// <summary>
    /// The report signer's HMAC key: a secret parameter, generated on first run and kept in the app host's
    /// user secrets (so signatures stay verifiable across runs); a deployment generates its own. One for all silos.
    /// </summary>
    private static IResourceBuilder<ParameterResource> AddReportSigningKey(this IDistributedApplicationBuilder builder) =>
        builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == ReportSigningKey) is { } added
            ? builder.CreateResourceBuilder(added)
            : builder.AddParameter(ReportSigningKey, new GenerateParameterDefault { MinLength = 44, Special = false }, secret: true, persist: true);

    private const string ReportSigningKey = "report-signing-key";

    /// <summary>
    /// The stateless API, one resource per instance on consecutive ports from <see cref="PlatformOptions.ApiPort"/>;
    /// published as one app whose HTTP endpoint is the environment's only external one.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddApis(this IDistributedApplicationBuilder builder,
        OrleansService cluster, IResourceBuilder<ProjectResource> silo, SessionBackends backends, PlatformOptions options)
    {
        var count = builder.ExecutionContext.IsPublishMode ? 1 : options.ApiInstances;
        return Enumerable.Range(0, count).Select(i =>
        {
            var api = builder.AddProject<Projects.ApiService>(count == 1 ? "api" : $"api-{i}");
            if (builder.ExecutionContext.IsPublishMode)
            {
                api.WithHttpEndpoint(name: "http");
            }
            else
            {
                // Not proxied: clients reach the API itself on the advertised port, as they would a deployed one.
                api.WithHttpEndpoint(port: options.ApiPort + i, name: "http", isProxied: false).WithLocalDefaults().WithApiLocalDefaults(options);
            }

            if (backends.Redis is null)
            {
                // Development clustering gives a client no membership table to find gateways in: name the silo's.
                var gateway = silo.GetEndpoint(GatewayEndpoint);
                api.WithEnvironment("Orleans__Clustering__Gateways__0", ReferenceExpression.Create($"127.0.0.1:{gateway.Property(EndpointProperty.TargetPort)}"));
            }

            return api
                .WithReference(cluster.AsClient())
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/health")
                .Supervised(stopOrder: 0)
                .WaitFor(silo);
        }).ToList();
    }

    /// <summary>Whom the API believes about forwarded addresses, and its Scalar reference UI (served in Development) as a link in the dashboard's row.</summary>
    private static IResourceBuilder<ProjectResource> WithApiLocalDefaults(this IResourceBuilder<ProjectResource> api, PlatformOptions options)
    {
        api.WithEnvironment("ForwardedHeaders__TrustedProxies", options.TrustedProxies);
        return !api.ApplicationBuilder.Environment.IsDevelopment() ? api : api.WithUrls(context =>
        {
            if (context.Urls.FirstOrDefault(url => url.Endpoint?.EndpointName == "http") is { } http)
            {
                context.Urls.Add(new ResourceUrlAnnotation { Url = $"{http.Url}/scalar/v1", DisplayText = "API reference", Endpoint = http.Endpoint });
            }
        });
    }

    /// <summary>
    /// Run mode on one machine: the services run in the app host's environment (Development ships the
    /// demo users), silos advertise loopback, logs are one line per entry in the console view.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithLocalDefaults(this IResourceBuilder<ProjectResource> project) => project
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName)
        .WithEnvironment("DOTNET_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName)
        .WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1")
        .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
        // So a request's lines show its X-Request-ID in the console view too.
        .WithEnvironment("Logging__Console__FormatterOptions__IncludeScopes", "true")
        // Aspire asks for metrics every second, which keeps the dashboard busy even while nothing happens; its charts still move every 5 s.
        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "5000");
}

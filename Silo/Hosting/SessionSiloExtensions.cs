using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Platform.Contracts.Signals;
using Orleans.Storage;
using Platform.Silo.Logins;
using Platform.Silo.Signals;
using Platform.Silo.Sessions;
using Platform.Silo.Storage;
using Platform.Silo.Teams;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Silo.Hosting;

public static partial class SessionSiloExtensions
{
    /// <summary>
    /// Makes this process a silo of the session platform. Clustering, storage and endpoints come from the
    /// Aspire-convention <c>Orleans</c> configuration section; what it leaves out falls back to the
    /// embedded default: localhost development clustering and in-memory session storage.
    /// </summary>
    public static IHostApplicationBuilder AddSessionSilo(this IHostApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection("Orleans");
        var embeddedClustering = !orleans.GetSection("Clustering:ProviderType").Exists();
        var embeddedStorage = !orleans.GetSection($"GrainStorage:{SessionStorage.ProviderName}:ProviderType").Exists();
        var embeddedReminders = !orleans.GetSection("Reminders:ProviderType").Exists();

        builder.UseOrleans(silo =>
        {
            if (embeddedClustering)
            {
                var siloPort = orleans.GetValue("Endpoints:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
                var gatewayPort = orleans.GetValue("Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
                silo.UseLocalhostClustering(siloPort, gatewayPort);
            }

            if (embeddedStorage)
            {
                silo.AddMemoryGrainStorage(SessionStorage.ProviderName);
            }

            if (embeddedReminders)
            {
                silo.UseInMemoryReminderService();
            }

            silo.AddSignalProvidersNotConfigured(orleans);
            silo.AddTeamStorageNotConfigured(orleans);
            silo.AddSessionServices();
            silo.AddOrleansDashboardWhenEnabled(builder.Configuration);
        });

        builder.Services.AddSingleton<IPostConfigureOptions<EndpointOptions>>(
            new AdvertisedAddressConfigurator(builder.Configuration, embeddedClustering));
        builder.Services.Configure<ClusterMembershipOptions>(options =>
        {
            // Entries of silos that died (for example killed) are removed instead of piling up.
            options.DefunctSiloExpiration = TimeSpan.FromMinutes(10);
            options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(5);
            // A dead silo's sessions are unreachable until membership declares it dead: two missed probes
            // of 2 s (Orleans' default is three of 5 s) keep that under about 5 s. Orleans:Membership overrides.
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 2;
        });
        builder.Services.Configure<ClusterMembershipOptions>(orleans.GetSection("Membership"));
        // A graceful stop ends by declaring this silo dead, and the other silos then fail every call still addressed
        // to it, even one it forwarded to the grain's new activation elsewhere, which is still running there. Waiting
        // once its grains are deactivated (Orleans' default: not at all) lets such calls answer, relayed by this
        // gateway, before it leaves.
        builder.Services.Configure<SiloMessagingOptions>(options => options.WaitForMessageToBeQueuedForOutboundTime = TimeSpan.FromSeconds(2));
        builder.Services.AddPlacementRetriesLoggedAsDebug();
        builder.Services.AddHealthChecks().AddCheck<SiloMembershipHealthCheck>("orleans-silo");
        if (orleans["Clustering:ProviderType"] == "Redis" && orleans["Clustering:ServiceKey"] is { Length: > 0 } clusteringKey)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("clustering-store",
                services => new ClusteringStoreHealthCheck(services.GetRequiredKeyedService<StackExchange.Redis.IConnectionMultiplexer>(clusteringKey)),
                HealthStatus.Degraded, null));
        }

        if (orleans.GetSection($"Streaming:{SignalStreams.DurableProvider}") is { } durable
            && durable["ProviderType"] == "AzureQueueStorage" && durable["ServiceKey"] is { Length: > 0 } queueKey)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("signal-queues",
                services => new SignalQueueHealthCheck(services.GetRequiredKeyedService<Azure.Storage.Queues.QueueServiceClient>(queueKey)), null, null));
        }


        if (embeddedClustering || embeddedStorage)
        {
            builder.Services.AddHostedService<EmbeddedDefaultAnnouncement>(services =>
                new EmbeddedDefaultAnnouncement(services.GetRequiredService<ILogger<EmbeddedDefaultAnnouncement>>(), embeddedClustering, embeddedStorage));
        }

        return builder;
    }

    /// <summary>What sessions, logins and teams need on any silo, whatever its clustering and storage: their options, a clock, state stored as plain JSON, storage failures as a contract type. Call it after the grain storages are added.</summary>
    public static ISiloBuilder AddSessionServices(this ISiloBuilder silo)
    {
        // Keyed by storage name, so only our own state is plain JSON: Orleans' internal state (stream
        // pub-sub in PubSubStore) does not round-trip through System.Text.Json and keeps Orleans' default.
        foreach (var storage in new[] { SessionStorage.ProviderName, SignalStorage.ProviderName, TeamStorage.ProviderName })
        {
            silo.Services.AddKeyedSingleton<IGrainStorageSerializer, PlainJsonGrainStorageSerializer>(storage);
        }

        silo.Services.AddSingleton<SessionMetrics>();
        silo.Services.AddSingleton<SessionMembership>();
        // Orleans' Azure table storage, when configured for sessions or teams: JSON as readable text, and an
        // expired session or deleted team deleted, not blanked.
        foreach (var storage in new[] { SessionStorage.ProviderName, TeamStorage.ProviderName })
        {
            silo.Services.Configure<AzureTableStorageOptions>(storage, options =>
            {
                options.UseStringFormat = true;
                options.DeleteStateOnClear = true;
            });
        }

        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddValidatedOptions<SessionPolicyOptions>(SessionPolicyOptions.SectionName)
            .ValidateOnStart();
        silo.Services.AddValidatedOptions<LoginPolicyOptions>(LoginPolicyOptions.SectionName)
            .ValidateOnStart();
        silo.AddSignalServices();
        silo.Services.MapStorageFailures(SessionStorage.ProviderName, SignalStorage.ProviderName, TeamStorage.ProviderName);
        return silo;
    }

    /// <summary>
    /// Advertises <c>Orleans:Endpoints:AdvertisedIPAddress</c> when set, and loopback on the embedded
    /// default; otherwise Orleans picks this host's network address, as a deployed silo needs.
    /// </summary>
    private sealed class AdvertisedAddressConfigurator(IConfiguration configuration, bool embedded) : IPostConfigureOptions<EndpointOptions>
    {
        public void PostConfigure(string? name, EndpointOptions options)
        {
            if (configuration["Orleans:Endpoints:AdvertisedIPAddress"] is { Length: > 0 } configured)
            {
                options.AdvertisedIPAddress = IPAddress.Parse(configured);
            }
            else if (embedded)
            {
                options.AdvertisedIPAddress = IPAddress.Loopback;
            }
        }
    }

    private sealed partial class EmbeddedDefaultAnnouncement(ILogger<EmbeddedDefaultAnnouncement> logger, bool clustering, bool storage) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogEmbedded(logger,
                clustering ? "localhost development clustering" : "configured clustering",
                storage ? "in-memory session storage (lost when the silo stops)" : "configured session storage");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Embedded default: {Clustering}, {Storage}. Set Orleans__Clustering__ProviderType and Orleans__GrainStorage__sessions__ProviderType (Redis) for the durable setup.")]
        private static partial void LogEmbedded(ILogger logger, string clustering, string storage);
    }
}

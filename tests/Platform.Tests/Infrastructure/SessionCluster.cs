extern alias SiloAssembly;

using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SiloAssembly::Platform.Silo.Hosting;
using SiloAssembly::Platform.Silo.Logins;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Signals;
using SiloAssembly::Platform.Silo.Reports;
using SiloAssembly::Platform.Silo.Teams;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// A two-silo Orleans test cluster running the session grains, on TCP so that an API outside it
/// (under <see cref="ApiFactory"/>) can connect as a client. With <c>PLATFORM_TOPOLOGY=cohosted</c>
/// (the test command's second pass) <see cref="Api"/> is a third silo that serves the API itself.
/// </summary>
public sealed class SessionCluster : IAsyncLifetime
{
    public static bool CoHosted => Environment.GetEnvironmentVariable("PLATFORM_TOPOLOGY") == "cohosted";

    public TestCluster Cluster { get; private set; } = null!;

    public IApiHost Api { get; private set; } = null!;

    /// <summary>What an API needs to reach this cluster, for tests that host their own API.</summary>
    public IReadOnlyDictionary<string, string?> ApiSettings { get; private set; } = null!;

    /// <summary>Another API on this cluster (in the topology under test) with extra settings, its requests arriving from the given address.</summary>
    public IApiHost ApiWith(IReadOnlyDictionary<string, string?> settings, System.Net.IPAddress requestsFrom)
    {
        var all = CoHosted ? CoHostedSettings() : new Dictionary<string, string?>(ApiSettings);
        foreach (var (key, value) in settings) all[key] = value;
        return CoHosted
            ? new CoHostedApiFactory(all, RemoteAddress.Of(requestsFrom))
            : new ApiFactory(all, configure: RemoteAddress.Of(requestsFrom));
    }

    public async Task InitializeAsync()
    {
        (Cluster, var settings) = await TestClusters.Deploy<SessionSiloConfigurator>(silos: 2);
        settings["Teams:MaxMembers"] = MaxMembersPerTeam.ToString();
        ApiSettings = settings;
        Api = CoHosted ? new CoHostedApiFactory(CoHostedSettings()) : new ApiFactory(ApiSettings);
    }

    /// <summary>A silo joining this cluster and serving the API, with the limits the test cluster's silos have.</summary>
    public Dictionary<string, string?> CoHostedSettings()
    {
        var settings = TestClusters.CoHostedSiloSettings(Cluster);
        settings["Sessions:MaxValueBytes"] = MaxValueBytes.ToString();
        settings["Sessions:MaxSessionBytes"] = MaxSessionBytes.ToString();
        settings["Logins:MaxPerUser"] = MaxLoginsPerUser.ToString();
        settings["Teams:MaxMembers"] = MaxMembersPerTeam.ToString();
        return settings;
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Small size limits, so tests can exceed them cheaply.</summary>
    public const int MaxValueBytes = 1024;
    public const int MaxSessionBytes = 4096;
    public const int MaxLoginsPerUser = 3;
    public const int MaxMembersPerTeam = 3;

    private sealed class SessionSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(SessionStorage.ProviderName).UseInMemoryReminderService().AddSignalProvidersNotConfigured().AddTeamStorageNotConfigured().AddSessionServices();
            silo.Services.Configure<ReportSigningOptions>(options => options.SigningKey = TestSigning.Key);
            silo.Services.Configure<SessionPolicyOptions>(options =>
            {
                options.MaxValueBytes = MaxValueBytes;
                options.MaxSessionBytes = MaxSessionBytes;
            });
            silo.Services.Configure<LoginPolicyOptions>(options => options.MaxPerUser = MaxLoginsPerUser);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SessionClusterCollection : ICollectionFixture<SessionCluster>
{
    public const string Name = "session cluster";
}

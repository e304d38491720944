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

    /// <summary>
    /// Another API on this cluster with extra settings, its requests arriving from the given address: an
    /// Orleans client in either pass, since these test the API's own rules, and a silo joining for each would
    /// move the cluster's in-memory storage grains under the tests' feet.
    /// </summary>
    public IApiHost ApiWith(IReadOnlyDictionary<string, string?> settings, System.Net.IPAddress requestsFrom)
    {
        var all = new Dictionary<string, string?>(ApiSettings);
        foreach (var (key, value) in settings) all[key] = value;
        return new ApiFactory(all, configure: RemoteAddress.Of(requestsFrom));
    }

    /// <summary>
    /// A silo that serves the API, once it has joined: it answers, and the cluster counts it active. Until
    /// then, calls can race the grain directory's hand-over to it.
    /// </summary>
    public async Task<CoHostedApiFactory> JoinCoHosted(Dictionary<string, string?> settings, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var api = new CoHostedApiFactory(settings, configure);
        var before = (await Cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
        using var client = api.CreateClient();
        await Eventually.Holds(() => client.GetAsync("/health"), response => response.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the joining silo is healthy");
        await Eventually.Holds(() => Cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), hosts => hosts.Count > before,
            TimeSpan.FromSeconds(60), "the cluster counts the joining silo active");
        return api;
    }

    public async Task InitializeAsync()
    {
        (Cluster, var settings) = await TestClusters.Deploy<SessionSiloConfigurator>(silos: 2);
        settings["Teams:MaxMembers"] = MaxMembersPerTeam.ToString();
        ApiSettings = settings;
        Api = CoHosted ? await JoinCoHosted(CoHostedSettings()) : new ApiFactory(ApiSettings);
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
        // Each part stopped even when another was already torn down: silos that joined for a test and left
        // (co-hosted ones) can leave a shared part disposed, seen once in CI as an ObjectDisposedException here.
        foreach (var stop in new Func<ValueTask>[] { Api.DisposeAsync, () => new ValueTask(Cluster.StopAllSilosAsync()), Cluster.DisposeAsync })
        {
            try
            {
                await stop();
            }
            catch (ObjectDisposedException)
            {
            }
        }
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

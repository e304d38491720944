extern alias SiloAssembly;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SiloAssembly::Platform.Silo.Hosting;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Signals;
using SiloAssembly::Platform.Silo.Reports;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// A one-silo cluster whose sessions live by a clock the tests move (<see cref="Clock"/>), with a
/// 20-minute idle timeout, a one-hour absolute lifetime, and expiry checks every second of real time.
/// </summary>
public sealed class ExpiryCluster : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(1);

    /// <summary>One clock for the silo and the tests: the silo runs in this process.</summary>
    public static FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T08:00:00Z"));

    public TestCluster Cluster { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Cluster, var settings) = await TestClusters.Deploy<Configurator>(silos: 1);
        Api = new ApiFactory(settings);
    }

    /// <summary>Whether grain storage (not the grain's memory) holds a session for the user.</summary>
    public async Task<bool> Stored(string userId)
    {
        var silo = (InProcessSiloHandle)Cluster.Primary!;
        var storage = silo.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(SessionStorage.ProviderName);
        var state = new GrainState<SessionState>();
        await storage.ReadStateAsync("session", GrainId.Create("session", userId), state);
        return state.RecordExists;
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(SessionStorage.ProviderName).UseInMemoryReminderService().AddSignalProvidersNotConfigured().AddSessionServices();
            silo.Services.Configure<ReportSigningOptions>(options => options.SigningKey = TestSigning.Key);
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.Configure<SessionPolicyOptions>(options =>
            {
                options.IdleTimeout = IdleTimeout;
                options.AbsoluteLifetime = AbsoluteLifetime;
                options.ExpiryCheckPeriod = TimeSpan.FromSeconds(1);
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExpiryClusterCollection : ICollectionFixture<ExpiryCluster>
{
    public const string Name = "expiry cluster";
}

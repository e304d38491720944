extern alias SiloAssembly;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using Platform.Contracts.Sessions;
using SiloAssembly::Platform.Silo.Hosting;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Signals;
using SiloAssembly::Platform.Silo.Reports;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// A one-silo cluster whose sessions live by a clock the tests move (<see cref="Clock"/>), with a
/// 20-minute idle timeout, a one-hour absolute lifetime, and expiry sweeps every second of that clock
/// (grain timers run by it too, so they fire when a test moves it; reminders run by real time).
/// </summary>
public sealed class ExpiryCluster : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(1);

    /// <summary>One clock for the silo and the tests: the silo runs in this process.</summary>
    public static FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T08:00:00Z"));

    public TestCluster Cluster { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Cluster, var settings) = await TestClusters.Deploy<Configurator>(silos: 1);
        Api = new ApiFactory(settings);
    }

    private IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services;

    private IGrainStorage Storage => SiloServices.GetRequiredKeyedService<IGrainStorage>(SessionStorage.ProviderName);

    /// <summary>Whether grain storage (not the grain's memory) holds a session for the user.</summary>
    public async Task<bool> Stored(string userId)
    {
        var state = new GrainState<SessionState>();
        await Storage.ReadStateAsync("session", GrainId.Create("session", userId), state);
        return state.RecordExists;
    }

    /// <summary>
    /// How many of the users' sessions storage holds after one more sweep period: the clock moves only
    /// when a test moves it, and a sweep may have run before a one-way call reached its partition.
    /// </summary>
    public async Task<int> StoredAfterASweep(params IEnumerable<string> userIds)
    {
        Clock.Advance(SweepPeriod);
        return (await Task.WhenAll(userIds.Select(Stored))).Count(stored => stored);
    }

    /// <summary>
    /// Waits until storage holds these due times for the users' sessions, moving the clock a second at a
    /// time so that partitions flush. A test that jumps the clock before then could fail a one-way call
    /// still on its way: Orleans' placement timeout runs by this clock too.
    /// </summary>
    public Task DueTimesStored(params IEnumerable<(string UserId, DateTimeOffset Due)> expected)
    {
        var sessions = expected.ToList();
        return Eventually.Holds(async () =>
            {
                Clock.Advance(SweepPeriod);
                var stored = await Task.WhenAll(sessions.Select(s => StoredDue(s.UserId)));
                return sessions.Where((session, i) => stored[i] != session.Due).Count();
            },
            wrong => wrong == 0, TimeSpan.FromSeconds(30), "the expiry partitions store the sessions' due times");
    }

    /// <summary>The due time that storage (not the partition's memory) holds for the user's session, if any.</summary>
    public async Task<DateTimeOffset?> StoredDue(string userId)
    {
        var partition = SessionExpiryPartitions.Of(userId);
        var index = new GrainState<SessionExpiryState>(new());
        await Storage.ReadStateAsync("expiry", Partition(partition).GetGrainId(), index);
        foreach (var document in index.State?.Documents ?? [])
        {
            var bucket = new GrainState<SessionExpiryBucketState>(new());
            await Storage.ReadStateAsync(SessionExpiryGrain.BucketStateName, SessionExpiryGrain.BucketId(partition, document.Id), bucket);
            if (bucket.State?.Due.TryGetValue(userId, out var due) == true) return DateTimeOffset.FromUnixTimeMilliseconds(due);
        }

        return null;
    }

    /// <summary>
    /// Stores a due time for the user in a document of its own, listed in the partition's index, as a second
    /// activation of the partition would (a silo's stop can leave two for a moment) behind the active one's back.
    /// </summary>
    public async Task StoreAsAnotherActivation(string userId, DateTimeOffset due)
    {
        var partition = SessionExpiryPartitions.Of(userId);
        var index = new GrainState<SessionExpiryState>(new());
        await Storage.ReadStateAsync("expiry", Partition(partition).GetGrainId(), index);
        index.State ??= new();
        var document = index.State.NextDocument++;
        var bucket = new GrainState<SessionExpiryBucketState>(new() { Due = { [userId] = due.ToUnixTimeMilliseconds() } });
        await Storage.WriteStateAsync(SessionExpiryGrain.BucketStateName, SessionExpiryGrain.BucketId(partition, document), bucket);
        index.State.Documents.Add(new SessionExpiryDocument(document, due));
        await Storage.WriteStateAsync("expiry", Partition(partition).GetGrainId(), index);
    }

    /// <summary>Ends the grains' activations (as a silo that stops or dies would), waiting until they are gone.</summary>
    public async Task Deactivate(params IEnumerable<IAddressable> grains)
    {
        var management = Cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        foreach (var grain in grains) await management.DeactivateGrain(grain.GetGrainId());
    }

    public ISessionExpiryGrain Partition(long partition) => Cluster.GrainFactory.GetGrain<ISessionExpiryGrain>(partition);

    /// <summary>Every reminder in the cluster's reminder table.</summary>
    public async Task<IReadOnlyList<ReminderEntry>> Reminders() =>
        [.. (await SiloServices.GetRequiredService<IReminderTable>().ReadRows(0, 0)).Reminders];

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
            // Grains and their timers live by the test's clock; Orleans' own machinery (message expiry, call
            // timeouts, reminders, membership) by real time, so a jump of the clock expires no call in flight.
            // Placement's timeout still runs by the test's clock: see DueTimesStored.
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.Configure<SessionPolicyOptions>(options =>
            {
                options.IdleTimeout = IdleTimeout;
                options.AbsoluteLifetime = AbsoluteLifetime;
                options.ExpiryCheckPeriod = SweepPeriod;
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExpiryClusterCollection : ICollectionFixture<ExpiryCluster>
{
    public const string Name = "expiry cluster";
}

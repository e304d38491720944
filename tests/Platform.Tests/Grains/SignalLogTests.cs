extern alias SiloAssembly;

using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Platform.Contracts.Signals;
using Platform.Tests.Infrastructure;
using SiloAssembly::Platform.Silo.Sessions;
using SiloAssembly::Platform.Silo.Signals;

namespace Platform.Tests.Grains;

/// <summary>The signal log, kept by the user's session grain, through the test cluster's own client.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class SignalLogTests(SessionCluster cluster)
{
    [Fact]
    public async Task Durable_signals_stay_readable_for_subscribers_after_busy_session_traffic_pushed_them_out_of_the_general_log()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);

        var custom = (await log.Raise([Draft(user, "order.paid", durable: true)]))[0];
        for (var round = 0; round < 5; round++)
        {
            await log.Raise([.. Enumerable.Range(0, 50).Select(_ => Draft(user, SignalNames.SessionChanged, durable: false))]);
        }

        var all = await log.Read(0, 1000, durableOnly: false);
        var durable = await log.Read(0, 1000, durableOnly: true);
        Assert.Equal(251, all.Last);
        Assert.DoesNotContain(all.Signals, signal => signal.Id == custom.Id);
        Assert.True(all.First > custom.Sequence);
        // Sequence numbers stay gap-free in what is kept.
        Assert.Equal(Enumerable.Range(0, all.Signals.Count).Select(i => all.First + i), all.Signals.Select(signal => signal.Sequence));
        Assert.Equal([custom.Id], durable.Signals.Select(signal => signal.Id));
    }

    [Fact]
    public async Task Busy_lifecycle_traffic_keeps_only_its_last_16_signals_and_pushes_out_no_other_signal()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);

        var changed = (await log.Raise([Draft(user, SignalNames.SessionChanged, durable: false)]))[0];
        for (var round = 0; round < 5; round++)
        {
            await log.Raise([.. Enumerable.Range(0, 50).Select(_ => Draft(user, SignalNames.RequestFinished, durable: false))]);
        }

        var all = await log.Read(0, 1000, durableOnly: false);
        Assert.Equal(251, all.Last);
        Assert.Equal(changed.Sequence, all.First);
        Assert.Equal([changed.Sequence, .. Enumerable.Range(236, 16).Select(i => (long)i)], all.Signals.Select(signal => signal.Sequence));
    }

    [Fact]
    public async Task Kept_lifecycle_signals_read_back_as_raised_whatever_their_size_ids_and_offset()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);
        var at = new DateTimeOffset(2026, 12, 3, 18, 30, 15, 123, TimeSpan.FromHours(5.5));
        SignalDraft[] raised =
        [
            new(SignalNames.RequestStarted, user, """{"path":"/café"}""", "request-1", "0af7651916cd43dd8448eb211c80319c", at, false),
            new(SignalNames.RequestFinished, user, $$"""{"path":"/{{new string('x', 4000)}}"}""", "request-1", null, at.AddTicks(1), false),
            new(SignalNames.GotRequestException, user, "{}", null, null, at.AddDays(-1), false),
        ];

        // One at a time and then a batch: the log's lifecycle store grows as they arrive.
        await log.Append([raised[0]]);
        await log.Append([.. raised[1..]]);

        var page = await log.Read(0, 10, durableOnly: false);
        Assert.Equal(
            raised.Select((draft, i) => (i + 1L, draft.Name, draft.Data, draft.RequestId, draft.TraceId, draft.Timestamp, draft.Timestamp.Offset)),
            page.Signals.Select(signal => (signal.Sequence, signal.Name, signal.Data, signal.RequestId, signal.TraceId, signal.Timestamp, signal.Timestamp.Offset)));
        Assert.Equal(3, page.Signals.Select(signal => signal.Id).Distinct().Count());
    }

    [Fact]
    public async Task Lifecycle_signals_reach_storage_when_the_log_deactivates_not_on_every_request()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);

        await log.Raise([Draft(user, SignalNames.RequestStarted, durable: false)]);
        await log.Raise([Draft(user, SignalNames.RequestFinished, durable: false)]);
        var stored = await Stored(user);
        Assert.Equal([1L], stored.Recent.Select(signal => signal.Sequence));
        // Storage reserves numbers past what memory handed out, so a log whose silo died numbers on above them.
        Assert.True(stored.ReservedThrough >= 2);

        await cluster.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        stored = await Stored(user);
        Assert.Equal([1L, 2L], stored.Recent.Select(signal => signal.Sequence));
        var next = await log.Raise([Draft(user, "order.paid", durable: true)]);
        Assert.Equal(3, next[0].Sequence);
    }

    [Fact]
    public async Task Appended_lifecycle_signals_cost_no_storage_write_until_a_read_shows_their_numbers()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);

        await log.Append([Draft(user, SignalNames.RequestStarted, durable: false), Draft(user, SignalNames.RequestFinished, durable: false)]);
        var stored = await Stored(user);
        Assert.Empty(stored.Recent);
        Assert.Equal(0, stored.ReservedThrough);

        var page = await log.Read(0, 10, durableOnly: false);
        Assert.Equal([1L, 2L], page.Signals.Select(signal => signal.Sequence));
        // Numbers a reader saw are reserved in storage, so a log whose silo died never hands them out again.
        Assert.True((await Stored(user)).ReservedThrough >= 2);
    }

    [Fact]
    public async Task A_log_stored_by_an_earlier_version_under_a_grain_of_its_own_moves_to_the_session_grain_and_numbering_goes_on()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var formerId = GrainId.Create("signallog", user);
        var kept = Enumerable.Range(1, 3)
            .Select(sequence => new Signal(Guid.NewGuid(), sequence, SignalNames.RequestFinished, user, "{}", null, null, DateTimeOffset.UtcNow, false))
            .ToList();
        await Storage(SignalStorage.ProviderName).WriteStateAsync("signals", formerId,
            new GrainState<SignalLogState>(new SignalLogState { Recent = kept, ReservedThrough = 1027 }));
        // That version's session of the same user: stored without the mark that its log is beside it.
        await Storage(SessionStorage.ProviderName).WriteStateAsync("session", GrainId.Create("session", user),
            new GrainState<SessionState>(new SessionState { Version = 1, Created = DateTimeOffset.UtcNow, LastAccessed = DateTimeOffset.UtcNow }));

        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);
        var page = await log.Read(0, 10, durableOnly: false);
        Assert.Equal(kept.Select(signal => signal.Id), page.Signals.Select(signal => signal.Id));
        var next = await log.Raise([Draft(user, "order.paid", durable: true)]);
        Assert.True(next[0].Sequence > 1027, $"numbered {next[0].Sequence}, at or below the former log's reservation");

        var former = new GrainState<SignalLogState>();
        await Storage(SignalStorage.ProviderName).ReadStateAsync("signals", formerId, former);
        Assert.False(former.RecordExists);
        Assert.Equal(4, (await Stored(user)).Recent.Count);
    }

    private async Task<SignalLogState> Stored(string user)
    {
        var state = new GrainState<SignalLogState>();
        await Storage(SignalStorage.ProviderName).ReadStateAsync("signals", GrainId.Create("session", user), state);
        return state.State ?? new SignalLogState();
    }

    private IGrainStorage Storage(string provider) =>
        ((InProcessSiloHandle)cluster.Cluster.Primary!).SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(provider);

    private static SignalDraft Draft(string user, string name, bool durable) =>
        new(name, user, "{}", null, null, DateTimeOffset.UtcNow, durable);
}

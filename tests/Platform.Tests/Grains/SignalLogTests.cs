using Platform.Contracts.Signals;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Grains;

/// <summary>The signal log grain itself, through the test cluster's own client.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class SignalLogTests(SessionCluster cluster)
{
    [Fact]
    public async Task Durable_signals_stay_readable_for_subscribers_after_busy_lifecycle_traffic_pushed_them_out_of_the_general_log()
    {
        var user = $"log-{Guid.NewGuid():N}";
        var log = cluster.Cluster.Client.GetGrain<ISignalLogGrain>(user);

        var custom = (await log.Raise([Draft(user, "order.paid", durable: true)]))[0];
        for (var round = 0; round < 5; round++)
        {
            await log.Raise([.. Enumerable.Range(0, 50).Select(_ => Draft(user, SignalNames.RequestFinished, durable: false))]);
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

    private static SignalDraft Draft(string user, string name, bool durable) =>
        new(name, user, "{}", null, null, DateTimeOffset.UtcNow, durable);
}

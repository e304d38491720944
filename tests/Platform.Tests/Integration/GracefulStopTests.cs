using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration;

/// <summary>
/// A silo stopped with SIGTERM (as a rolling upgrade stops it) while writers and a reader run through the API:
/// no request fails, and every acknowledged write is read back afterwards.
/// </summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.Start();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Stopping_a_silo_gracefully_under_load_fails_no_request_and_loses_no_write()
    {
        var orleans = SiloProcess.RedisOrleans(_redis, $"svc-{Guid.NewGuid():N}", "graceful-stop");
        var leavingSilo = SiloProcess.OnFreePorts();
        await using var staying = await SiloProcess.OnFreePorts().Start(orleans);
        await using var leaving = await leavingSilo.Start(orleans);
        await using var api = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        await using var observer = new ApiFactory(SiloProcess.ClientSettings(orleans));
        await using var load = SessionLoad.Start(api.Uri, users: 16);
        await load.UntilEachUserWrote();
        var management = observer.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var sessionsOnLeaving = (await management.GetSimpleGrainStatistics())
            .Where(s => s.SiloAddress.Endpoint.Port == leavingSilo.SiloPort && s.GrainType.Contains("SessionGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
        Assert.True(sessionsOnLeaving > 0, "the silo to stop holds some of the sessions");

        leaving.Signal(15);
        Assert.Equal(0, await leaving.WaitForExit(TimeSpan.FromSeconds(60)));
        await load.UntilEachUserWrote();
        var result = await load.Stop();

        Assert.True(result.Failed.Count == 0, $"{result.Failed.Count} of {result.Requests} requests failed: {string.Join("; ", result.Failed.Take(5))}");
        Assert.Empty(await load.LostWrites());
        Assert.DoesNotContain(leaving.Lines, line => line.StartsWith("fail:", StringComparison.Ordinal));
    }
}

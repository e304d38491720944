using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Sessions;
using Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Tests.Integration;

/// <summary>
/// One of two silos stops while writers and readers run through the API (its own process, as deployed apart):
/// stopped with SIGTERM, as a rolling upgrade stops it, no request fails; killed, requests for its sessions fail
/// with 503 until the cluster declares it dead. Or one of two API instances is killed, and clients go on through
/// the other. Every time, every acknowledged write is read back afterwards.
/// </summary>
public sealed class SiloStopTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.Start();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Stopping_a_silo_gracefully_under_load_fails_no_request_and_loses_no_write()
    {
        var (result, lost, exitCode, log) = await StopOneOfTwoSilosUnderLoad(silo => silo.Signal(15), "silo stopped gracefully (SIGTERM)");

        Assert.True(result.Failed.Count == 0, result.FailureSummary);
        Assert.Empty(lost);
        Assert.Equal(0, exitCode);
        // Orleans' stream pulling agents may log a cancelled queue read as they stop: theirs, not a session's.
        Assert.DoesNotContain(log, line => line.StartsWith("fail:", StringComparison.Ordinal) && !line.StartsWith("fail: Orleans.Streams.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Killing_a_silo_under_load_fails_only_with_503_until_it_is_declared_dead_and_loses_no_write()
    {
        var (result, lost, _, _) = await StopOneOfTwoSilosUnderLoad(silo => silo.Kill(), "silo killed (SIGKILL)");

        Assert.All(result.FailedByStatus.Keys, status => Assert.Equal("503", status));
        Assert.Empty(lost);
    }

    [Fact]
    public async Task Killing_one_of_two_api_instances_under_load_loses_nothing_for_clients_that_retry_on_the_other()
    {
        var orleans = SiloProcess.RedisOrleans(_redis, $"svc-{Guid.NewGuid():N}", "api-kill");
        await using var silo = await SiloProcess.OnFreePorts().Start(orleans);
        await using var killed = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        await using var surviving = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        await using var load = SessionLoad.StartAcross([killed.Uri, surviving.Uri], users: 16);
        await load.UntilEachUserWrote();

        load.FaultNow();
        killed.Process.Kill();
        await killed.Process.WaitForExit(TimeSpan.FromSeconds(10));
        await load.UntilEachUserWrote();
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        output.WriteLine(result.Figures("one of two API instances killed (SIGKILL); clients retry on the other", lost.Count));

        Assert.True(result.Failed.Count == 0, result.FailureSummary);
        Assert.Empty(lost);
    }

    [Fact]
    public async Task After_a_silo_stops_the_others_answer_each_session_as_storage_holds_it_not_as_they_loaded_it()
    {
        // Two clusters of one service on one store: each activates the users' sessions, as two silos of one cluster may
        // for a moment while one of them stops (Orleans' default directory); here that lasts, so the test can see it.
        var serviceId = $"svc-{Guid.NewGuid():N}";
        var (first, second) = (SiloProcess.OnFreePorts(), SiloProcess.OnFreePorts());
        var cluster = SiloProcess.RedisOrleans(_redis, serviceId, "stopping");
        var elsewhere = SiloProcess.RedisOrleans(_redis, serviceId, "elsewhere");
        await using var firstSilo = await first.Start(cluster);
        await using var secondSilo = await second.Start(cluster);
        await using var otherSilo = await SiloProcess.OnFreePorts().Start(elsewhere);
        await using var api = ApiBehindProxy(cluster);
        await using var otherApi = ApiBehindProxy(elsewhere);
        var users = Enumerable.Range(0, 64).Select(i => $"user-{i}").ToList();

        await Task.WhenAll(users.Select(user => Put(api, user, "\"light\"")));
        await Task.WhenAll(users.Select(user => Put(otherApi, user, "\"dark\"")));
        Assert.All(await Task.WhenAll(users.Select(user => Theme(api, user))), theme => Assert.Equal("\"light\"", theme));

        var client = api.Services.GetRequiredService<IClusterClient>();
        var management = client.GetGrain<IManagementGrain>(0);
        var places = await Task.WhenAll(users.Select(async user => (await management.GetActivationAddress(client.GetGrain<ISessionGrain>(user)))!.Endpoint.Port));
        var (staying, leaving) = places.Count(port => port == first.SiloPort) >= places.Length / 2 ? (firstSilo, secondSilo) : (secondSilo, firstSilo);
        leaving.Signal(15);
        Assert.Equal(0, await leaving.WaitForExit(TimeSpan.FromSeconds(60)));

        await Eventually.Holds(async () => (await Task.WhenAll(users.Select(user => Theme(api, user)))).Count(theme => theme == "\"dark\""),
            dark => dark == users.Count, TimeSpan.FromSeconds(30), "every user's session, those still active on the silo that stayed too, reads what storage holds");
        Assert.False(staying.HasExited);

        static ApiFactory ApiBehindProxy(IReadOnlyDictionary<string, string> silo) =>
            new(ProxySettings.TrustingLoopback(SiloProcess.ClientSettings(silo)), configure: RemoteAddress.Of(System.Net.IPAddress.Loopback));

        static async Task Put(ApiFactory api, string user, string json)
        {
            using var http = api.ClientNamedByProxy(user);
            (await http.PutAsync("/session/theme", Bodies.Json(json))).EnsureSuccessStatusCode();
        }

        static async Task<string> Theme(ApiFactory api, string user)
        {
            using var http = api.ClientNamedByProxy(user);
            return await http.GetStringAsync("/session/theme");
        }
    }

    private async Task<(LoadResult Result, List<string> Lost, int ExitCode, List<string> Log)> StopOneOfTwoSilosUnderLoad(Action<ChildProcess> stop, string fault)
    {
        var orleans = SiloProcess.RedisOrleans(_redis, $"svc-{Guid.NewGuid():N}", "silo-stop");
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

        load.FaultNow();
        stop(leaving);
        var exitCode = await leaving.WaitForExit(TimeSpan.FromSeconds(60));
        await load.UntilEachUserWrote();
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        output.WriteLine(result.Figures(fault, lost.Count));
        return (result, lost, exitCode, [.. leaving.Lines]);
    }
}

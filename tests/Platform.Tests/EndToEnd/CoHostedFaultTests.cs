using System.Net;
using Aspire.Hosting.ApplicationModel;
using Platform.Tests.Infrastructure;
using static Platform.Tests.Infrastructure.AppHostPlatform;
using Xunit.Abstractions;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// The app host's default, as a new user runs it: two co-hosted silos sharing the API's port, durable storage.
/// Clients keep using that one port while silos stop and start under them.
/// </summary>
public sealed class CoHostedFaultTests(CoHostedPlatform platform, ITestOutputHelper output) : IClassFixture<CoHostedPlatform>
{
    [Fact]
    public async Task Both_silos_listen_on_the_api_port_and_each_on_a_port_of_its_own()
    {
        var host = platform.Host;
        var silos = host.SiloIds();

        Assert.Equal(["silo-0", "silo-1"], silos.Select(id => host.State(id).Resource.Name));
        Assert.Equal(2, LoopbackListeners(host.ApiPort));
        using var own = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.ApiPort + 2}") };
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_under_load_fails_no_request_on_the_api_port_and_loses_no_write()
    {
        var silo = platform.Host.SiloIds()[0];

        var (result, lost) = await UnderLoad(host => host.WaitUntilStartedAgain(silo, host.StopService(silo), RecoveryLimit),
            "silo stopped gracefully (SIGTERM), app host, co-hosted default");

        // The silo hands its kept-alive connections to the other before its web server stops (SharedApiPortDrain).
        Assert.True(result.Failed.Count == 0, result.FailureSummary);
        Assert.Empty(lost);
    }

    [Fact]
    public async Task A_silo_killed_under_load_costs_at_most_its_requests_in_flight_and_503s_and_loses_no_write()
    {
        var silo = platform.Host.SiloIds()[1];

        var (result, lost) = await UnderLoad(host => host.WaitUntilStartedAgain(silo, host.KillService(silo), RecoveryLimit),
            "silo killed (SIGKILL), app host, co-hosted default");

        // A request in flight on the killed silo's connection has no answer; the rest go to the other silo.
        Assert.All(result.FailedByStatus.Keys, status => Assert.Contains(status, new[] { "503", "no connection" }));
        Assert.Empty(lost);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_under_load_fails_no_request_on_the_api_port_and_loses_no_write()
    {
        var silos = platform.Host.SiloIds();
        var pids = silos.Select(platform.Host.ServicePid).ToList();
        var restart = default(ExecuteCommandResult);

        var (result, lost) = await UnderLoad(async host => restart = await host.Commands.ExecuteCommandAsync(silos[0], "rolling-restart"),
            "rolling restart of both silos (dashboard command), app host, co-hosted default");

        Assert.True(restart!.Success, restart.Message);
        Assert.All(silos, (silo, i) => Assert.NotEqual(pids[i], platform.Host.ServicePid(silo)));
        // Each stopping silo hands its kept-alive connections over, and answers the calls it forwarded before it leaves.
        Assert.True(result.Failed.Count == 0, result.FailureSummary);
        Assert.Empty(lost);
    }

    [Fact]
    public Task Reports_acknowledged_around_a_silo_kill_are_each_signed_once_through_Azure_queues() =>
        ReportsAroundASiloKill.AreEachSignedOnce(platform.Host);

    /// <summary>Alice and Bob write and read through the API's port while <paramref name="fault"/> runs; the figures line for the reliability page.</summary>
    private async Task<(LoadResult Result, List<string> Lost)> UnderLoad(Func<AppHostUnderTest, Task> fault, string figures)
    {
        await using var load = SessionLoad.StartWithBasic(platform.Host.Api, "alice", "bob");
        await load.UntilEachUserWrote();
        load.FaultNow();
        var earlierLogs = platform.Host.Logs.Entries.Count;
        await fault(platform.Host);
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        // The next test on this platform expects it whole: a killed silo's old incarnation declared dead too.
        await platform.Host.UntilTwoSilosActive(RecoveryLimit, "the cluster is back to its two live silos");
        output.WriteLine(result.Figures(figures, lost.Count));
        output.WriteLine(result.FailureSummary);
        output.WriteLine(string.Join("\n", platform.Host.Logs.ResourceProblemsSince(earlierLogs)));
        return (result, lost);
    }

    /// <summary>How many sockets listen on 127.0.0.1:<paramref name="port"/>, from the kernel's TCP table.</summary>
    private static int LoopbackListeners(int port) => File.ReadLines("/proc/net/tcp").Skip(1)
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Count(fields => fields[1] == $"0100007F:{port:X4}" && fields[3] == "0A");
}

/// <summary>The default platform (co-hosted, two silos, Redis and Azurite), shared by the tests above.</summary>
public sealed class CoHostedPlatform() : AppHostPlatform;

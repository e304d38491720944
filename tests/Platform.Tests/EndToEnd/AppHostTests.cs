using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Tests.Infrastructure;
using static Platform.Tests.Infrastructure.AppHostPlatform;
using Xunit.Abstractions;

namespace Platform.Tests.EndToEnd;

/// <summary>The app host as a user runs it, through Aspire.Hosting.Testing: DCP runs every resource as a real process.</summary>
public sealed class AppHostTests(DurablePlatform platform, ITestOutputHelper output) : IClassFixture<DurablePlatform>
{
    [Fact]
    public async Task Every_resource_is_healthy_and_a_session_written_through_the_api_reads_back()
    {
        var host = platform.Host;

        Assert.Equal(["api", "redis", "silo", "silo", "storage"],
            host.ResourceIds().Select(id => host.State(id).Resource.Name).Order());
        Assert.All(host.ResourceIds(), id => Assert.Equal(HealthStatus.Healthy, host.State(id).Snapshot.HealthStatus));
        Assert.Contains(host.Logs.Entries, entry => entry.Message.StartsWith("Durable setup:") && entry.Message.Contains("Azure Table storage"));
        using var alice = host.Client();
        (await alice.PutAsync("/session/cart", Bodies.Json("""{"items":[7]}"""))).EnsureSuccessStatusCode();

        Assert.Equal("""{"items":[7]}""", await alice.GetStringAsync("/session/cart"));
        await host.UntilTwoSilosActive(RecoveryLimit, "the API sees both silos");
    }

    [Fact]
    public async Task Under_the_app_host_a_forged_X_Forwarded_For_is_ignored_and_the_request_id_is_echoed()
    {
        // Aspire sets ASPNETCORE_FORWARDEDHEADERS_ENABLED=true on the API; it must still trust no sender here.
        using var client = platform.Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ip")
        {
            Headers = { { "X-Forwarded-For", "198.51.100.1" }, { "X-Request-ID", "forged-ip-check-1" } },
        };

        var response = await client.SendAsync(request);

        Assert.Equal("""{"Hello":"127.0.0.1"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("forged-ip-check-1", response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task A_killed_silo_is_started_again_and_the_sessions_written_before_are_still_there()
    {
        var host = platform.Host;
        using var bob = host.Client("bob");
        (await bob.PutAsync("/session/theme", Bodies.Json("\"dark\""))).EnsureSuccessStatusCode();
        var silo = host.SiloIds()[0];
        // The crash is the silo's own process dying, not the `dotnet run` wrapper DCP started it with.
        var killed = host.KillService(silo);

        await host.WaitUntilStartedAgain(silo, killed, RecoveryLimit);
        Assert.Contains(host.Logs.Entries, entry => entry.Message.StartsWith($"{silo} exited on its own"));
        var theme = await Eventually.Holds(() => bob.GetAsync("/session/theme"), r => r.StatusCode == HttpStatusCode.OK, RecoveryLimit,
            "the session is served again");
        Assert.Equal("\"dark\"", await theme.Content.ReadAsStringAsync());
        await host.UntilTwoSilosActive(RecoveryLimit, "the restarted silo rejoined the cluster");
    }

    [Fact]
    public async Task Azurite_killed_under_load_is_started_again_by_the_app_host_and_meanwhile_writes_get_only_503s_and_none_acknowledged_is_lost()
    {
        var host = platform.Host;
        var storage = host.ResourceIds("storage").Single();
        await using var load = SessionLoad.StartWithBasic(host.Api, "alice", "bob");
        await load.UntilEachUserWrote();

        load.FaultNow();
        var killed = host.KillService(storage);
        await host.WaitUntilStartedAgain(storage, killed, RecoveryLimit);
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        output.WriteLine(result.Figures("Azurite (sessions, signals, queues) killed, app host, separate topology", lost.Count));

        Assert.Contains(host.Logs.Entries, entry => entry.Message.StartsWith($"{storage} exited on its own"));
        Assert.All(result.FailedByStatus.Keys, status => Assert.Equal("503", status));
        Assert.Empty(lost);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_from_its_dashboard_command_fails_no_request_and_loses_no_write()
    {
        var host = platform.Host;
        var silos = host.SiloIds();
        var pids = silos.Select(host.ServicePid).ToList();
        await using var load = SessionLoad.StartWithBasic(host.Api, "alice", "bob");
        await load.UntilEachUserWrote();

        load.FaultNow();
        var earlierLogs = host.Logs.Entries.Count;
        var restart = await host.Commands.ExecuteCommandAsync(silos[0], "rolling-restart");
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        output.WriteLine(result.Figures("rolling restart of both silos (dashboard command), app host, separate topology", lost.Count));
        output.WriteLine(string.Join("\n", host.Logs.ResourceProblemsSince(earlierLogs)));

        Assert.True(restart.Success, restart.Message);
        Assert.All(silos, (silo, i) => Assert.NotEqual(pids[i], host.ServicePid(silo)));
        // The API sends a call again while its client knows no live gateway, as after the restarted silo's return.
        Assert.True(result.Failed.Count == 0, result.FailureSummary);
        Assert.Empty(lost);
        // The restarter took no stop of the command for a crash (other tests on this platform kill silos).
        Assert.DoesNotContain(host.Logs.Entries.Skip(earlierLogs), entry => silos.Any(silo => entry.Message.StartsWith($"{silo} exited on its own")));
    }

    [Fact]
    public async Task A_silo_stopped_on_purpose_stays_stopped_while_a_crashed_one_is_started_again()
    {
        var host = platform.Host;
        var (stopped, crashed) = (host.SiloIds()[0], host.SiloIds()[1]);

        Assert.True((await host.Commands.ExecuteCommandAsync(stopped, KnownResourceCommands.StopCommand)).Success);
        await host.WaitFor(stopped, state => state.Snapshot.State?.Text is "Finished" or "Exited", RecoveryLimit);
        // The restarter handles changes in order: once the crash is answered, the stop was seen long before.
        await host.WaitUntilStartedAgain(crashed, host.KillService(crashed), RecoveryLimit);

        Assert.True(host.State(stopped).Snapshot.State?.Text is "Finished" or "Exited", host.State(stopped).Snapshot.State?.Text);
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Message.StartsWith($"{stopped} exited on its own"));

        Assert.True((await host.Commands.ExecuteCommandAsync(stopped, KnownResourceCommands.StartCommand)).Success);
        await host.WaitFor(stopped, state => state.Snapshot.HealthStatus == HealthStatus.Healthy, RecoveryLimit);
        // The next test on this platform expects it whole: the crashed silo's old incarnation declared dead too.
        await host.UntilTwoSilosActive(RecoveryLimit, "the cluster is back to its two live silos");
    }

    [Fact]
    public Task Reports_acknowledged_around_a_silo_kill_are_each_signed_once_through_Azure_queues() =>
        ReportsAroundASiloKill.AreEachSignedOnce(platform.Host);

    [Fact]
    public async Task A_browser_EventSource_opened_with_a_ticket_receives_the_callers_signals()
    {
        var host = platform.Host;
        using var bob = host.Client("bob");
        var ticket = await SignalClient.Ticket(bob);
        var browser = new System.Diagnostics.ProcessStartInfo("node",
            [Path.Combine(Repository.Root, "tests", "tools", "eventsource-check.mjs"), host.Api.ToString(), ticket, "browser.hello"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var page = System.Diagnostics.Process.Start(browser)!;
        var errors = page.StandardError.ReadToEndAsync();

        Assert.Equal("open", await page.StandardOutput.ReadLineAsync());
        await SignalClient.Raise(bob, "browser.hello", 7);
        var received = await page.StandardOutput.ReadLineAsync();
        await page.WaitForExitAsync();

        Assert.True(received is not null && received != "timeout", $"the page got: {received}; {await errors}");
        var (id, data) = (received.Split(' ', 2)[0], JsonDocument.Parse(received.Split(' ', 2)[1]).RootElement);
        Assert.Equal(data.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), id);
        Assert.Equal("bob", data.GetProperty("user").GetString());
        Assert.Equal(7, data.GetProperty("data").GetInt32());
    }
}

/// <summary>
/// One durable platform (Redis, Azurite, two silos) shared by the tests that can share it: the separate topology, the
/// API as its own process; the co-hosted default has its own (<see cref="CoHostedPlatform"/>).
/// </summary>
public sealed class DurablePlatform() : AppHostPlatform("--topology", "separate");

/// <summary>Starting and stopping whole platforms: nothing is left behind, and sessions outlive the platform.</summary>
public sealed class AppHostLifetimeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("platform-apphost-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Sessions_survive_a_restart_of_the_whole_platform_and_stopping_it_leaves_no_process()
    {
        var first = await AppHostUnderTest.Start(_data);
        await using (first)
        {
            using var alice = first.Client();
            (await alice.PutAsync("/session/cart", Bodies.Json("[4,5]"))).EnsureSuccessStatusCode();
            // Written just before the stop: stopping must not lose what storage acknowledged.
            (await alice.PutAsync("/session/last", Bodies.Json("\"before stop\""))).EnsureSuccessStatusCode();
        }

        // A normal start and stop: nothing a user would have to wonder about in any resource's console.
        Assert.True(first.Logs.ResourceProblems.Count == 0, string.Join("\n", first.Logs.ResourceProblems));
        // DCP, its controllers, Redis, Azurite and both silos (serving the API), each a process of its own.
        Assert.True(first.Processes.Count >= 6, $"found {first.Processes.Count} processes");
        Assert.True(PlatformProcesses.Alive(first.Processes) is "", PlatformProcesses.Alive(first.Processes) + "\n" + first.Logs.Supervision);

        var again = await AppHostUnderTest.Start(_data);
        await using (again)
        {
            using var alice = again.Client();
            Assert.Equal("[4,5]", await alice.GetStringAsync("/session/cart"));
            Assert.Equal("\"before stop\"", await alice.GetStringAsync("/session/last"));
        }

        Assert.True(PlatformProcesses.Alive(again.Processes) is "", PlatformProcesses.Alive(again.Processes) + "\n" + again.Logs.Supervision);
    }

    [Fact]
    public async Task The_embedded_default_runs_without_redis_and_azurite_says_so_and_the_separate_topology_serves_several_api_instances()
    {
        await using var platform = await AppHostUnderTest.Start(_data, "--embedded", "--topology", "separate", "--api-instances", "2");

        Assert.Contains(platform.Logs.Entries, entry => entry.Message.StartsWith("Embedded default:") && entry.Message.Contains("install Redis"));
        Assert.Equal(["api-0", "api-1", "silo"], platform.ResourceIds().Select(id => platform.State(id).Resource.Name).Order());
        using var bob = platform.Client("bob");
        (await bob.PutAsync("/session/theme", Bodies.Json("\"light\""))).EnsureSuccessStatusCode();
        Assert.Equal("\"light\"", await bob.GetStringAsync("/session/theme"));

        // A token issued by one instance works on the other until it is revoked, then fails there at once.
        var login = await bob.PostAsync("/auth/sessions", null);
        var issued = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement;
        using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{platform.ApiPort + 1}") };
        second.DefaultRequestHeaders.Authorization = new("Bearer", issued.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/session/theme")).StatusCode);
        (await bob.DeleteAsync($"/auth/sessions/{issued.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/session/theme")).StatusCode);
    }
}

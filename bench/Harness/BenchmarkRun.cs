using System.Net.Http.Headers;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// Round after round: our platform in each topology (one silo, real Redis), then once more with lifecycle
/// signals off, with the three peers on its Redis; every scenario once a round, so drift hits all alike.
/// </summary>
public static class BenchmarkRun
{
    public const string UserHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    public static readonly string Alice = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:password"));
    private static readonly string SmallValue = """{"theme":"dark","items":[1,2,3],"note":"a small session value"}""";

    /// <summary>
    /// The small value with a number that changes on every request (scenario.lua fills in <c>{n}</c>): an unchanged value
    /// is no change to store for ours, while the peers store it anyway, so a write measured with one value was not a write.
    /// </summary>
    private static readonly string ChangingValue = SmallValue[..^1] + ""","n":{n}}""";

    /// <summary>About 1 KiB of JSON, the size of the memory figure's sessions.</summary>
    public static readonly string KibValue = $$"""{"text":"{{new string('x', 1013)}}"}""";

    public static async Task<int> Execute(BenchOptions options)
    {
        var run = new Collected(options, new Wrk(options));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // The primary topology last, so its extra rows follow the shared ones while its platform is up.
            foreach (var topology in new[] { options.Topology.Other(), options.Topology })
            {
                Console.WriteLine($"Round {round} of {options.Rounds}: our platform, {topology.Title()} ({clock.Elapsed:hh\\:mm\\:ss} so far)");
                await using var platform = await run.Start(topology, lifecycleSignals: true);
                await Ours(run, platform, round);
                if (topology == options.Topology) await PrimaryOnly(run, platform, round);
            }

            Console.WriteLine($"Round {round} of {options.Rounds}: lifecycle signals off ({options.Topology.Title()}), then the peers on its Redis ({clock.Elapsed:hh\\:mm\\:ss} so far)");
            await using (var quiet = await run.Start(options.Topology, lifecycleSignals: false))
            {
                await PutAlicesValue(quiet);
                await WarmUp(run, quiet, round);
                run.Results.Add(await run.Wrk.Run(Scenario.OfOurs(options.Topology, "read no signals", "read, 1 user, lifecycle signals off", Operation.Read),
                    round, quiet.Servers, quiet.Api, new WrkRequest("GET", "/session/bench", Basic)));
                await Peers(run, quiet, round);
            }
        }

        var took = clock.Elapsed;
        Console.WriteLine($"{options.Rounds} rounds in {took:hh\\:mm\\:ss}.");
        var report = new Report(options, run.Results, run.Memory, KibValue.Length, run.Latencies);
        Console.WriteLine();
        Console.WriteLine(report.Table());
        Console.WriteLine(report.MemorySummary());
        Console.WriteLine(report.SignalSummary());
        Console.WriteLine(report.Goals());
        if (options.WriteDocs)
        {
            await report.WriteDocs(took);
        }

        return 0;
    }

    private static IReadOnlyDictionary<string, string> Basic { get; } = new Dictionary<string, string> { ["Authorization"] = Alice };

    /// <summary>What a run gathers, round after round.</summary>
    private sealed record Collected(BenchOptions Options, Wrk Wrk)
    {
        public List<Measurement> Results { get; } = [];
        public List<MemoryPoint> Memory { get; } = [];
        public List<SignalLatency.Figures> Latencies { get; } = [];

        public Task<RunningPlatform> Start(Topology topology, bool lifecycleSignals) =>
            RunningPlatform.Start(topology, silos: 1, lifecycleSignals);
    }

    /// <summary>The scenarios run in both topologies: the ceiling, 1-user reads and writes, and reads over every seeded session.</summary>
    private static async Task Ours(Collected run, RunningPlatform platform, int round)
    {
        var (wrk, options, topology, servers, api) = (run.Wrk, run.Options, platform.Topology, platform.Servers, platform.Api);
        await PutAlicesValue(platform);
        await WarmUp(run, platform, round);
        var results = run.Results;
        results.Add(await wrk.Run(Scenario.CeilingOf(topology), round, servers, api, new WrkRequest("GET", "/api")));
        results.Add(await wrk.Run(Scenario.OfOurs(topology, "read", "read, 1 user", Operation.Read), round, servers, api,
            new WrkRequest("GET", "/session/bench", Basic)));
        results.Add(await wrk.Run(Scenario.OfOurs(topology, "write", "write, 1 user (persisted)", Operation.Write), round, servers, api,
            new WrkRequest("PUT", "/session/bench", Basic, ChangingValue)));
        // The same write named by the proxy header, as the direct-Redis peer is called.
        results.Add(await wrk.Run(Scenario.OfOurs(topology, "write header", "write, 1 user by proxy header (persisted)", Operation.Write), round, servers, api,
            new WrkRequest("PUT", "/session/bench", Body: ChangingValue, UserHeader: UserHeader)));

        var load = Seeding(options, api, servers);
        if (topology != options.Topology)
        {
            await Seed(load, round, 0, options.Sessions);
        }
        else
        {
            // The memory figure: the silo empty, with 10,000 sessions, and with every session.
            run.Memory.Add(await platform.Memory(round, 0));
            var seeded = 0;
            foreach (var target in new[] { Math.Min(10_000, options.Sessions), options.Sessions }.Distinct())
            {
                await Seed(load, round, seeded, target);
                seeded = target;
                run.Memory.Add(await platform.Memory(round, seeded));
                Console.WriteLine($"  silo with {seeded:N0} active sessions: resident {run.Memory[^1].ResidentBytes / 1048576.0:N1} MiB, live heap {run.Memory[^1].LiveHeapBytes / 1048576.0:N1} MiB");
            }
        }

        results.AddRange(await ReadsByUser(wrk, round, (what, key, users) => Scenario.OfOurs(topology, key, what, Operation.Read, users), api, servers, options.Sessions));
        results.Add(await WritesByUser(wrk, round, (what, key, users) => Scenario.OfOurs(topology, key, what, Operation.Write, users), api, servers, options.Sessions));
    }

    /// <summary>The rows measured in the primary topology only: cold and warm reads after a silo restart, and signal latency.</summary>
    private static async Task PrimaryOnly(Collected run, RunningPlatform platform, int round)
    {
        var options = run.Options;
        // The cold read gets sessions of its own, seeded after the memory figure: users Sessions..2*Sessions-1.
        var pool = options.Sessions;
        await Seed(Seeding(options, platform.Api, platform.Servers), round, pool, 2 * pool);
        Console.WriteLine("  Cold start: the silo is killed; the app host starts it again with no grain active.");
        await platform.RestartSilo(probeUser: options.Sessions - 1, UserHeader);
        // The new process warmed up as every server is before it is measured, on alice's session only: none of the seeded ones.
        await WarmUp(run, platform, round);
        // With wrk, like the peer's read it is compared with: each request names the next user, so none is read twice
        // while a run sends fewer requests than its pool has. The first pool is read for twice --duration while the new
        // process still compiles its activation and storage code: measured by hand in 4-s windows, cold reads sped up
        // for about 12 s of them, then held. Then the cold read the goal is about, a session not active in a silo that
        // runs, over the pool of its own.
        var afterStart = await ColdRead("cold read after start", "cold read, the first seconds after the silo started", 0, 2 * options.Duration);
        var cold = await ColdRead("cold read", "cold read, each request a session not active", pool, options.Duration);
        run.Results.AddRange([afterStart, cold]);

        // wrk's two threads take every other user each and may not keep exact pace: 90% of them were surely read.
        // The row names the pool, not this round's count, so that every round's warm read is one row.
        var readCold = (int)(Math.Min(cold.Requests, pool) * 9 / 10);
        run.Results.Add(await run.Wrk.Run(Scenario.OfOurs(platform.Topology, "warm read", "warm read, 90% of the sessions just read cold", Operation.Read, pool),
            round, platform.Servers, platform.Api, new WrkRequest("GET", "/session/profile", UserHeader: UserHeader, Users: readCold, FirstUser: pool)));

        async Task<Measurement> ColdRead(string key, string what, int firstUser, int seconds)
        {
            var measured = await run.Wrk.Run(Scenario.OfOurs(platform.Topology, key, what, Operation.Read, pool),
                round, platform.Servers, platform.Api, new WrkRequest("GET", "/session/profile", UserHeader: UserHeader, Users: pool, FirstUser: firstUser), seconds);
            if (measured.Requests > pool)
            {
                Console.WriteLine($"  warning: {measured.Requests:N0} {key}s over {pool:N0} sessions, so some were warm: seed more (--sessions) or read shorter (--duration).");
            }

            return measured;
        }

        var latency = await SignalLatency.Measure(platform.Api, Alice, 500);
        run.Latencies.Add(latency);
        Console.WriteLine($"  signals raised to receipt on the caller's own event stream: {latency.Count}, p50 {latency.P50:0.00} ms, p99 {latency.P99:0.00} ms");
    }

    private static StringContent SmallBody() => new(SmallValue, new MediaTypeHeaderValue("application/json"));

    /// <summary>What the 1-user reads as alice read: every start has a Redis of its own, empty.</summary>
    public static async Task PutAlicesValue(RunningPlatform platform)
    {
        using var http = new HttpClient { BaseAddress = platform.Api };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(Alice);
        (await http.PutAsync("/session/bench", SmallBody())).EnsureSuccessStatusCode();
    }

    /// <summary>Long enough for tiered compilation to settle on the hot paths.</summary>
    private static Task<Measurement> WarmUp(Collected run, RunningPlatform platform, int round) =>
        run.Wrk.Run(Scenario.WarmUp, round, platform.Servers, platform.Api, new WrkRequest("GET", "/session/bench", Basic), seconds: run.Options.WarmUp);

    private static async Task Peers(Collected run, RunningPlatform platform, int round)
    {
        run.Results.AddRange(await CookiePeer(run, platform, round, "AspNetSessionPeer", "Platform.Bench.AspNetSessionPeer.dll", "ASP.NET Core session", "aspnet"));
        run.Results.AddRange(await CookiePeer(run, platform, round, "CookieSessionPeer", "Platform.Bench.CookieSessionPeer.dll", "Signed cookie", "cookie"));
        run.Results.AddRange(await RedisHashPeer(run, platform, round));
    }

    /// <summary>A peer whose session rides on a cookie: seeded once, then read and written with that cookie.</summary>
    private static async Task<IEnumerable<Measurement>> CookiePeer(Collected run, RunningPlatform platform, int round,
        string project, string assembly, string title, string side)
    {
        var server = RunningPlatform.FreeLoopback();
        await using var peer = StartPeer(project, assembly, server, platform.Redis);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server };
        var seed = await Polling.UntilSuccess(() => http.PutAsync("/session/bench", SmallBody()), TimeSpan.FromMinutes(1));
        var cookie = new Dictionary<string, string> { ["Cookie"] = seed.Headers.GetValues("Set-Cookie").First().Split(';')[0] };
        IReadOnlyList<int> servers = [peer.Pid, platform.RedisPid];
        await WarmUpPeer(run, round, server, servers, cookie);
        return
        [
            await run.Wrk.Run(Scenario.OfPeer(side, title, "read", "read", Operation.Read), round, servers, server, new WrkRequest("GET", "/session/bench", cookie)),
            await run.Wrk.Run(Scenario.OfPeer(side, title, "write", "write", Operation.Write), round, servers, server, new WrkRequest("PUT", "/session/bench", cookie, ChangingValue)),
        ];
    }

    /// <summary>
    /// A Redis hash per user, named by the proxy header: read and written as ours is (1 KiB values for
    /// the reads, 1 user and every seeded user; the small value for the write).
    /// </summary>
    private static async Task<IEnumerable<Measurement>> RedisHashPeer(Collected run, RunningPlatform platform, int round)
    {
        const string Title = "Direct Redis hash";
        var server = RunningPlatform.FreeLoopback();
        await using var peer = StartPeer("RedisHashPeer", "Platform.Bench.RedisHashPeer.dll", server, platform.Redis);
        IReadOnlyList<int> servers = [peer.Pid, platform.RedisPid];
        var user = new Dictionary<string, string> { [UserHeader] = "user-0" };
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Add(UserHeader, "user-0");
        await Polling.UntilSuccess(() => http.PutAsync("/session/bench", SmallBody()), TimeSpan.FromMinutes(1));
        await WarmUpPeer(run, round, server, servers, user);
        var write = await run.Wrk.Run(Scenario.OfPeer("redis", Title, "write header", "write, 1 user (persisted)", Operation.Write), round, servers, server,
            new WrkRequest("PUT", "/session/bench", Body: ChangingValue, UserHeader: UserHeader));
        await Seed(Seeding(run.Options, server, servers), round, 0, run.Options.Sessions);
        var reads = await ReadsByUser(run.Wrk, round, (what, key, users) => Scenario.OfPeer("redis", Title, key, what, Operation.Read, users),
            server, servers, run.Options.Sessions);
        var writes = await WritesByUser(run.Wrk, round, (what, key, users) => Scenario.OfPeer("redis", Title, key, what, Operation.Write, users),
            server, servers, run.Options.Sessions);
        return [.. reads, write, writes];
    }

    private static BenchProcess StartPeer(string project, string assembly, Uri server, string redis) =>
        BenchProcess.Start("dotnet", [RunningPlatform.Built($"bench/{project}", assembly)], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = server.ToString(),
            ["ConnectionStrings__redis"] = redis,
        });

    /// <summary>Warmed up as ours is, so that neither side is measured while the JIT is still settling.</summary>
    private static async Task WarmUpPeer(Collected run, int round, Uri server, IReadOnlyList<int> servers, IReadOnlyDictionary<string, string> headers)
    {
        var half = Math.Max(1, run.Options.WarmUp / 2);
        await run.Wrk.Run(Scenario.WarmUp, round, servers, server, new WrkRequest("PUT", "/session/bench", headers, ChangingValue), half);
        await run.Wrk.Run(Scenario.WarmUp, round, servers, server, new WrkRequest("GET", "/session/bench", headers), half);
    }

    /// <summary>What seeds sessions on <paramref name="server"/>: as many at once as wrk has connections, each user named by the proxy header.</summary>
    private static BoundedLoad Seeding(BenchOptions options, Uri server, IReadOnlyList<int> servers) =>
        new(server, options.Connections, UserHeader, servers);

    /// <summary>Users firstUser..target-1, each with one value of 1 KiB under "profile".</summary>
    public static Task<Measurement> Seed(BoundedLoad load, int round, int firstUser, int target, DateTime? deadline = null) =>
        load.Run(new Scenario($"seed sessions {firstUser:N0}..{target:N0} (1 KiB each)", "seed", "seed", Operation.Write), round, firstUser, target - firstUser,
            () => BoundedLoad.Json(HttpMethod.Put, "/session/profile", KibValue), deadline);

    /// <summary>The seeded 1 KiB values read by 1 user and by every seeded user, named by the proxy header.</summary>
    private static async Task<List<Measurement>> ReadsByUser(Wrk wrk, int round, Func<string, string, int, Scenario> scenario, Uri server,
        IReadOnlyList<int> servers, int sessions)
    {
        var results = new List<Measurement>();
        foreach (var users in new[] { 1, sessions }.Distinct())
        {
            results.Add(await wrk.Run(
                users == 1 ? scenario("read, 1 user by proxy header", "read header", 1) : scenario($"read, {users:N0} distinct users", "read many", users),
                round, servers, server, new WrkRequest("GET", "/session/profile", UserHeader: UserHeader, Users: users)));
        }

        return results;
    }

    /// <summary>The small value written to every seeded user in turn, each write a changed value: different users' writes do not wait for each other.</summary>
    private static Task<Measurement> WritesByUser(Wrk wrk, int round, Func<string, string, int, Scenario> scenario, Uri server,
        IReadOnlyList<int> servers, int sessions) =>
        wrk.Run(scenario($"write, {sessions:N0} distinct users by proxy header (persisted)", "write many", sessions),
            round, servers, server, new WrkRequest("PUT", "/session/bench", Body: ChangingValue, UserHeader: UserHeader, Users: sessions));
}

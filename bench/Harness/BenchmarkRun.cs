using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Bench;

/// <summary>
/// Starts the platform with its own app host (one silo, real Redis), then the three peers on the same
/// Redis, runs every scenario, stops everything, and reports.
/// </summary>
public static partial class BenchmarkRun
{
    private const string UserHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    private static readonly string Alice = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:password"));
    private static readonly string SmallValue = """{"theme":"dark","items":[1,2,3],"note":"a small session value"}""";

    /// <summary>About 1 KiB of JSON, the size of the memory figure's sessions.</summary>
    private static readonly string KibValue = $$"""{"text":"{{new string('x', 1013)}}"}""";

    public static async Task<int> Execute(BenchOptions options)
    {
        var data = Directory.CreateTempSubdirectory("platform-bench-").FullName;
        var apiPort = FreePort();
        var api = new Uri($"http://127.0.0.1:{apiPort}");
        var wrk = new Wrk(options);
        var results = new List<Measurement>();
        var memory = new List<MemoryPoint>();
        Console.WriteLine($"Starting the platform (app host, 1 silo, Redis) on {api} ...");
        await using var platform = StartPlatform(apiPort, data, lifecycleSignals: true);
        SignalLatency.Figures? latency = null;
        try
        {
            await platform.WaitForLine(Running(), TimeSpan.FromMinutes(3));
            var redisRow = platform.Lines.Select(line => RedisRow().Match(line)).First(match => match.Success);
            var redis = redisRow.Groups["endpoint"].Value.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
            var redisPid = int.Parse(redisRow.Groups["pid"].Value);
            var apiPid = int.Parse(platform.Lines.Select(line => ApiRow().Match(line)).First(match => match.Success).Groups["pid"].Value);
            var siloRow = platform.Lines.Select(line => SiloRow().Match(line)).First(match => match.Success);
            var siloPid = int.Parse(siloRow.Groups["pid"].Value);
            var silo = new Uri(siloRow.Groups["url"].Value);
            var basic = new Dictionary<string, string> { ["Authorization"] = Alice };
            IReadOnlyList<int> ours = [apiPid, siloPid, redisPid];
            var http = new HttpClient { BaseAddress = api };
            http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(Alice);
            (await http.PutAsync("/session/bench", new StringContent(SmallValue, new MediaTypeHeaderValue("application/json")))).EnsureSuccessStatusCode();

            Console.WriteLine("Our platform:");
            // Long enough for tiered compilation to settle on the hot paths.
            await wrk.Run("warm-up", "warm-up", Operation.Ceiling, true, api, "GET", "/session/bench", ours, basic, seconds: 10);
            // The bare ceiling: the same process, routing and middleware, no credentials to check, no grain.
            results.Add(await wrk.Run("Ceiling: constant JSON, GET /api", "ceiling", Operation.Ceiling, true, api, "GET", "/api", ours));
            results.Add(await wrk.Run("Ours: read, 1 user", "ours read", Operation.Read, true, api, "GET", "/session/bench", ours, basic));
            results.Add(await wrk.Run("Ours: write, 1 user (persisted)", "ours write", Operation.Write, true, api, "PUT", "/session/bench", ours, basic, SmallValue));
            // The same write named by the proxy header, as the direct-Redis peer is called.
            results.Add(await wrk.Run("Ours: write, 1 user by proxy header (persisted)", "ours write 1 user", Operation.Write, true, api, "PUT", "/session/bench", ours,
                body: SmallValue, userHeader: UserHeader));

            var load = new BoundedLoad(api, options.Connections, UserHeader, ours);
            memory.Add(await MemoryPoint.Measure(silo, 0, siloPid));
            var seeded = 0;
            foreach (var target in new[] { Math.Min(10_000, options.Sessions), options.Sessions }.Distinct())
            {
                await Seed(load, seeded, target);
                seeded = target;
                memory.Add(await MemoryPoint.Measure(silo, seeded, siloPid));
                Console.WriteLine($"  silo with {seeded:N0} active sessions: resident {memory[^1].ResidentBytes / 1048576.0:N1} MiB, live heap {memory[^1].LiveHeapBytes / 1048576.0:N1} MiB");
            }

            results.AddRange(await ReadsByUser(wrk, "Ours", "ours", true, api, ours, options.Sessions));

            Console.WriteLine("Cold start: the silo is killed; the app host starts it again with no grain active.");
            Process(siloPid).Kill();
            var restarted = await platform.WaitForLine(RestartedSilo(), TimeSpan.FromMinutes(1));
            load = new BoundedLoad(api, options.Connections, UserHeader, [apiPid, int.Parse(restarted.Groups["pid"].Value), redisPid]);
            var probe = options.Sessions - 1;
            await WaitUntilServed(api, probe);
            results.Add(await load.Run($"Ours: cold read, {options.Cold:N0} sessions", "ours cold read", Operation.Read, 0, options.Cold,
                () => BoundedLoad.Json(HttpMethod.Get, "/session/profile")));
            results.Add(await load.Run($"Ours: warm read, same {options.Cold:N0} sessions", "ours warm read", Operation.Read, 0, options.Cold,
                () => BoundedLoad.Json(HttpMethod.Get, "/session/profile")));

            Console.WriteLine("Signals: raise to receipt on the caller's own event stream:");
            latency = await SignalLatency.Measure(api, Alice, 500);
            Console.WriteLine($"  {latency.Count} custom signals: p50 {latency.P50:0.00} ms, p99 {latency.P99:0.00} ms");

            Console.WriteLine("Peer: ASP.NET Core session middleware on Redis:");
            results.AddRange(await Peer("AspNetSessionPeer", "Platform.Bench.AspNetSessionPeer.dll", "ASP.NET Core session", "aspnet", redis, redisPid, wrk));
            Console.WriteLine("Peer: signed-cookie session:");
            results.AddRange(await Peer("CookieSessionPeer", "Platform.Bench.CookieSessionPeer.dll", "Signed cookie", "cookie", redis, redisPid, wrk));
            Console.WriteLine("Peer: a Redis hash per user, read and written directly:");
            results.AddRange(await RedisHashPeer(redis, redisPid, wrk, options));
        }
        finally
        {
            await platform.Stop(TimeSpan.FromSeconds(60));
        }

        Console.WriteLine("The platform again, with lifecycle signals off (Signals__Lifecycle=false):");
        Measurement signalsOff;
        await using (var quiet = StartPlatform(apiPort, data, lifecycleSignals: false))
        {
            try
            {
                await quiet.WaitForLine(Running(), TimeSpan.FromMinutes(3));
                IReadOnlyList<int> pids = [.. new[] { ApiRow(), SiloRow(), RedisRow() }.Select(row => int.Parse(quiet.Lines.Select(line => row.Match(line)).First(match => match.Success).Groups["pid"].Value))];
                var basic = new Dictionary<string, string> { ["Authorization"] = Alice };
                await wrk.Run("warm-up", "warm-up", Operation.Ceiling, true, api, "GET", "/session/bench", pids, basic, seconds: 10);
                signalsOff = await wrk.Run("Ours: read, 1 user, lifecycle signals off", "ours read no signals", Operation.Read, true, api, "GET", "/session/bench", pids, basic);
            }
            finally
            {
                await quiet.Stop(TimeSpan.FromSeconds(60));
                Directory.Delete(data, recursive: true);
            }
        }

        results.Add(signalsOff);

        var report = new Report(options, results, memory, KibValue.Length, latency);
        Console.WriteLine();
        Console.WriteLine(report.Table());
        Console.WriteLine(report.MemorySummary());
        Console.WriteLine(report.SignalSummary());
        if (options.WriteDocs)
        {
            await report.WriteDocs();
        }

        return 0;
    }

    private static BenchProcess StartPlatform(int apiPort, string data, bool lifecycleSignals) => BenchProcess.Start("dotnet",
        // Sessions on Redis, like the ASP.NET Core peer, so both persist to the same store.
        // No dashboards: the Aspire dashboard collects telemetry and the Orleans one times every grain call;
        // neither should be measured.
        [Built("AppHost", "Platform.AppHost.dll"), "--silos", "1", "--api-port", $"{apiPort}", "--data-dir", data, "--storage", "redis", "--no-dashboard"],
        new Dictionary<string, string>
        {
            // The app host runs the services in its own environment; Development has the demo users.
            ["DOTNET_ENVIRONMENT"] = "Development",
            // Inherited by the API: wrk names many users through this header, as a proxy in front of the API would.
            ["Authentication__Proxy__TrustedProxies__0"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            // ...but the app host's own lines: what runs where, and a restarted silo's new pid.
            ["Logging__LogLevel__Platform.AppHost"] = "Information",
            // Inherited by the silo: live heap after a forced GC, beside resident memory.
            ["Diagnostics__MemoryEndpoint"] = "true",
            // Inherited by the API: request_started/request_finished on (the default) or off.
            ["Signals__Lifecycle"] = lifecycleSignals ? "true" : "false",
        });

    private static async Task<IEnumerable<Measurement>> Peer(string project, string assembly, string title, string label, string redis, int redisPid, Wrk wrk)
    {
        var server = new Uri($"http://127.0.0.1:{FreePort()}");
        await using var peer = StartPeer(project, assembly, server, redis);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server };
        var seed = await Retry(() => http.PutAsync("/session/bench", new StringContent(SmallValue, new MediaTypeHeaderValue("application/json"))));
        var cookie = new Dictionary<string, string> { ["Cookie"] = seed.Headers.GetValues("Set-Cookie").First().Split(';')[0] };
        await WarmUp(wrk, server, [peer.Pid, redisPid], cookie);
        return
        [
            await wrk.Run($"{title}: read", $"{label} read", Operation.Read, false, server, "GET", "/session/bench", [peer.Pid, redisPid], cookie),
            await wrk.Run($"{title}: write", $"{label} write", Operation.Write, false, server, "PUT", "/session/bench", [peer.Pid, redisPid], cookie, SmallValue),
        ];
    }

    /// <summary>
    /// A Redis hash per user, named by the proxy header: read and written as ours is (1 KiB values for
    /// the reads, 1 user and many distinct users; the small value for the write).
    /// </summary>
    private static async Task<IEnumerable<Measurement>> RedisHashPeer(string redis, int redisPid, Wrk wrk, BenchOptions options)
    {
        var server = new Uri($"http://127.0.0.1:{FreePort()}");
        await using var peer = StartPeer("RedisHashPeer", "Platform.Bench.RedisHashPeer.dll", server, redis);
        IReadOnlyList<int> servers = [peer.Pid, redisPid];
        var user = new Dictionary<string, string> { [UserHeader] = "user-0" };
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Add(UserHeader, "user-0");
        await Retry(() => http.PutAsync("/session/bench", new StringContent(SmallValue, new MediaTypeHeaderValue("application/json"))));
        await WarmUp(wrk, server, servers, user);
        var write = await wrk.Run("Direct Redis hash: write, 1 user (persisted)", "redis write 1 user", Operation.Write, false, server, "PUT", "/session/bench", servers,
            body: SmallValue, userHeader: UserHeader);
        await Seed(new BoundedLoad(server, options.Connections, UserHeader, servers), 0, options.Sessions);
        return [.. await ReadsByUser(wrk, "Direct Redis hash", "redis", false, server, servers, options.Sessions), write];
    }

    private static BenchProcess StartPeer(string project, string assembly, Uri server, string redis) =>
        BenchProcess.Start("dotnet", [Built($"bench/{project}", assembly)], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = server.ToString(),
            ["ConnectionStrings__redis"] = redis,
        });

    /// <summary>Warmed up as ours is, so that neither side is measured while the JIT is still settling.</summary>
    private static async Task WarmUp(Wrk wrk, Uri server, IReadOnlyList<int> servers, IReadOnlyDictionary<string, string> headers)
    {
        await wrk.Run("warm-up", "warm-up", Operation.Read, false, server, "PUT", "/session/bench", servers, headers, SmallValue, seconds: 5);
        await wrk.Run("warm-up", "warm-up", Operation.Read, false, server, "GET", "/session/bench", servers, headers, seconds: 5);
    }

    /// <summary>Users firstUser..target-1, each with one value of 1 KiB under "profile".</summary>
    private static Task<Measurement> Seed(BoundedLoad load, int firstUser, int target) =>
        load.Run($"seed sessions {firstUser:N0}..{target:N0} (1 KiB each)", "seed", Operation.Write, firstUser, target - firstUser,
            () => BoundedLoad.Json(HttpMethod.Put, "/session/profile", KibValue));

    /// <summary>The seeded 1 KiB values read by 1 user, by 1,000 and by every seeded user, named by the proxy header.</summary>
    private static async Task<List<Measurement>> ReadsByUser(Wrk wrk, string title, string label, bool ours, Uri server, IReadOnlyList<int> servers, int sessions)
    {
        var results = new List<Measurement>();
        foreach (var users in new[] { 1, 1_000, sessions }.Where(u => u <= sessions).Distinct())
        {
            results.Add(await wrk.Run(users == 1 ? $"{title}: read, 1 user by proxy header" : $"{title}: read, {users:N0} distinct users",
                users == 1 ? $"{label} read 1 user" : $"{label} read {Short(users)} users", Operation.Read, ours, server,
                "GET", "/session/profile", servers, userHeader: UserHeader, users: users));
        }

        return results;
    }

    private static async Task<HttpResponseMessage> Retry(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await send()).EnsureSuccessStatusCode();
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Until the restarted silo serves a session outside the cold set, so the cold reads time storage, not reconnection.</summary>
    private static async Task WaitUntilServed(Uri api, int user)
    {
        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Add(UserHeader, $"user-{user}");
        await Retry(() => http.GetAsync("/session/profile"));
    }

    private static System.Diagnostics.Process Process(int pid) => System.Diagnostics.Process.GetProcessById(pid);

    private static string Short(int users) => users >= 1000 ? $"{users / 1000}k" : $"{users}";

    private static string Built(string project, string assembly) =>
        Path.Combine(BenchOptions.RepositoryRoot, project, "bin", BenchOptions.Configuration, "net10.0", assembly);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Press Ctrl\+C to stop it")]
    private static partial Regex Running();

    [GeneratedRegex(@"^\s+redis\s+(?<pid>\d+)\s+tcp://(?<endpoint>\S+)")]
    private static partial Regex RedisRow();

    [GeneratedRegex(@"^\s+api\s+(?<pid>\d+)\s+http://")]
    private static partial Regex ApiRow();

    [GeneratedRegex(@"^\s+silo(-\S+)?\s+(?<pid>\d+)\s+(?<url>http://\S+)")]
    private static partial Regex SiloRow();

    [GeneratedRegex(@"silo\S* is running again as pid (?<pid>\d+)")]
    private static partial Regex RestartedSilo();
}

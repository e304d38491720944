using System.Text.RegularExpressions;

namespace Platform.Bench;

/// <summary>
/// The platform under its own app host, sessions on a Redis of its own (a fresh data folder every start):
/// which processes serve it, where it answers HTTP, and its silos' memory. Dispose stops it and removes its data.
/// </summary>
public sealed partial class RunningPlatform : IAsyncDisposable
{
    private readonly BenchProcess _host;
    private readonly string _data;

    private RunningPlatform(BenchProcess host, string data, Topology topology)
    {
        _host = host;
        _data = data;
        Topology = topology;
    }

    /// <summary>As asked of the app host.</summary>
    public Topology Topology { get; }

    public string Redis { get; private set; } = "";

    public int RedisPid { get; private set; }

    public IReadOnlyList<int> ApiPids { get; private set; } = [];

    public IReadOnlyList<int> SiloPids { get; private set; } = [];

    /// <summary>Each silo's HTTP endpoint, beside its pid: its own port co-hosted, Aspire's proxy to the one silo separate.</summary>
    private IReadOnlyList<Uri> _siloUrls = [];

    /// <summary>Where the API answers: silo i's own port when co-hosted (not the port the silos share), else each API process's.</summary>
    public IReadOnlyList<Uri> Targets { get; private set; } = [];

    public Uri Api => Targets[0];

    /// <summary>The processes whose CPU time a request costs.</summary>
    public IReadOnlyList<int> Servers => [.. ApiPids.Concat(SiloPids).Append(RedisPid).Distinct()];

    public static async Task<RunningPlatform> Start(Topology topology, int silos, bool lifecycleSignals)
    {
        // The API's port, then each co-hosted silo's own.
        var apiPort = FreePort.NextRun(silos + 1);
        var data = Directory.CreateTempSubdirectory("platform-bench-").FullName;
        var host = BenchProcess.Start("dotnet",
            // Sessions on Redis, like the ASP.NET Core peer, so both persist to the same store.
            // No dashboards: the Aspire dashboard collects telemetry and the Orleans one times every grain call;
            // neither should be measured.
            [Built("AppHost", "Platform.AppHost.dll"), "--topology", topology.Switch(), "--silos", $"{silos}", "--api-port", $"{apiPort}",
             "--data-dir", data, "--storage", "redis", "--no-dashboard"],
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
        var platform = new RunningPlatform(host, data, topology);
        try
        {
            await host.WaitForLine(Running(), TimeSpan.FromMinutes(3));
            platform.ReadSummary(apiPort);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the (first) silo; returns once the app host has started it again and it serves <paramref name="probeUser"/>'s session.</summary>
    public async Task RestartSilo(int probeUser, string userHeader)
    {
        var killed = SiloPids[0];
        System.Diagnostics.Process.GetProcessById(killed).Kill();
        var restarted = int.Parse((await _host.WaitForLine(RestartedSilo(), TimeSpan.FromMinutes(2))).Groups["pid"].Value);
        SiloPids = [.. SiloPids.Select(pid => pid == killed ? restarted : pid)];
        using var http = new HttpClient { BaseAddress = Api };
        http.DefaultRequestHeaders.Add(userHeader, $"user-{probeUser}");
        await Polling.UntilSuccess(() => http.GetAsync("/session/profile"), TimeSpan.FromMinutes(2));
    }

    /// <summary>Memory summed over the silos, each asked on its own HTTP endpoint.</summary>
    public async Task<MemoryPoint> Memory(int round, int sessions)
    {
        var points = new List<MemoryPoint>();
        for (var i = 0; i < SiloPids.Count; i++)
        {
            points.Add(await MemoryPoint.Measure(_siloUrls[i], SiloPids[i], round, sessions));
        }

        return points.Aggregate((a, b) => a + b);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.Stop(TimeSpan.FromSeconds(60));
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException exception)
        {
            Console.WriteLine($"  (could not remove {_data}: {exception.Message})");
        }
    }

    private void ReadSummary(int apiPort)
    {
        IEnumerable<Match> Rows(Regex row) => _host.Lines.Select(line => row.Match(line)).Where(match => match.Success);
        var redis = Rows(RedisRow()).First();
        Redis = redis.Groups["endpoint"].Value.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        RedisPid = int.Parse(redis.Groups["pid"].Value);
        var silos = Rows(SiloRow()).ToList();
        SiloPids = [.. silos.Select(row => int.Parse(row.Groups["pid"].Value))];
        // A co-hosted silo's own port, not the API port all of them share.
        _siloUrls = [.. silos.Select(row => row.Groups["urls"].Value.Split(' ').Select(url => new Uri(url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)))
            .OrderBy(url => url.Port == apiPort).First())];
        // An API row for a silo's own process is the co-hosted API, not a process of its own.
        var apis = Rows(ApiRow()).Where(row => !SiloPids.Contains(int.Parse(row.Groups["pid"].Value))).ToList();
        ApiPids = [.. apis.Select(row => int.Parse(row.Groups["pid"].Value))];
        Targets = apis.Count == 0
            ? _siloUrls
            : [.. apis.Select(row => new Uri($"http://127.0.0.1:{new Uri(row.Groups["url"].Value).Port}"))];
        if ((apis.Count == 0) != (Topology == Topology.Cohosted))
        {
            throw new InvalidOperationException($"The app host did not run {Topology.Title()} (API processes: {ApiPids.Count}).");
        }
    }

    public static string Built(string project, string assembly) =>
        Path.Combine(BenchOptions.RepositoryRoot, project, "bin", BenchOptions.Configuration, "net10.0", assembly);

    public static Uri FreeLoopback() => new($"http://127.0.0.1:{FreePort.Next()}");

    [GeneratedRegex(@"Press Ctrl\+C to stop it")]
    private static partial Regex Running();

    [GeneratedRegex(@"^\s+redis\s+(?<pid>\d+)\s+tcp://(?<endpoint>\S+)")]
    private static partial Regex RedisRow();

    [GeneratedRegex(@"^\s+api(-\d+)?\s+(?<pid>\d+)\s+(?<url>http://\S+)")]
    private static partial Regex ApiRow();

    [GeneratedRegex(@"^\s+silo(-\d+)?\s+(?<pid>\d+)\s+(?<urls>http://.+)$")]
    private static partial Regex SiloRow();

    [GeneratedRegex(@"silo\S* is running again as pid (?<pid>\d+)")]
    private static partial Regex RestartedSilo();
}

public static class Polling
{
    /// <summary>Sends until the server answers with success (it may still be starting), every 200 ms, for at most <paramref name="limit"/>.</summary>
    public static async Task<HttpResponseMessage> UntilSuccess(Func<Task<HttpResponseMessage>> send, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                return (await send()).EnsureSuccessStatusCode();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}

using System.Text.Json;

namespace Platform.Bench;

/// <summary>What wrk sends: one request, and optionally users FirstUser.. FirstUser+Users-1 in turn named by a header.</summary>
public sealed record WrkRequest(string Method, string Path, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null,
    string? UserHeader = null, int Users = 1, int FirstUser = 0);

/// <summary>Runs wrk with the shared scenario script and reads the figures it prints.</summary>
public sealed class Wrk(BenchOptions options)
{
    private static readonly string Script = Path.Combine(BenchOptions.RepositoryRoot, "bench", "wrk", "scenario.lua");

    public Task<Measurement> Run(Scenario scenario, int round, IReadOnlyList<int> servers, Uri server, WrkRequest request, int? seconds = null) =>
        Run(scenario, round, servers, [(server, request)], seconds);

    /// <summary>
    /// One wrk per target at once, the threads and connections shared out among them, so the load is the
    /// same as one wrk's: throughput summed, latencies the worse target's (percentiles do not add).
    /// </summary>
    public async Task<Measurement> Run(Scenario scenario, int round, IReadOnlyList<int> servers,
        IReadOnlyList<(Uri Server, WrkRequest Request)> targets, int? seconds = null)
    {
        var threads = Math.Max(1, options.Threads / targets.Count);
        var connections = Math.Max(threads, options.Connections / targets.Count);
        var cpu = new CpuClock(servers);
        var figures = await Task.WhenAll(targets.Select(target => Once(target.Server, target.Request, threads, connections, seconds ?? options.Duration)));
        var requests = figures.Sum(f => f.GetProperty("requests").GetInt64());
        double Worst(string name) => figures.Max(f => f.GetProperty(name).GetInt64()) / 1000.0;
        var measurement = new Measurement(scenario, round,
            figures.Sum(f => f.GetProperty("requests").GetInt64() / (f.GetProperty("duration_us").GetInt64() / 1e6)),
            Worst("p50_us"), Worst("p99_us"), Worst("p999_us"),
            figures.Sum(f => f.GetProperty("errors").GetInt64()),
            requests,
            cpu.MicrosPer(requests));
        if (scenario != Scenario.WarmUp) measurement.Print();
        return measurement;
    }

    private static async Task<JsonElement> Once(Uri server, WrkRequest request, int threads, int connections, int seconds)
    {
        var environment = new Dictionary<string, string>
        {
            ["BENCH_METHOD"] = request.Method,
            ["BENCH_PATH"] = request.Path,
            ["BENCH_HEADERS"] = string.Join('\n', (request.Headers ?? new Dictionary<string, string>()).Select(h => $"{h.Key}: {h.Value}")),
            ["BENCH_THREADS"] = $"{threads}",
            ["BENCH_USERS"] = $"{request.Users}",
            ["BENCH_FIRST_USER"] = $"{request.FirstUser}",
        };
        if (request.Body is not null) environment["BENCH_BODY"] = request.Body;
        if (request.UserHeader is not null) environment["BENCH_USER_HEADER"] = request.UserHeader;

        var output = await BenchProcess.Run("wrk",
            ["-t", $"{threads}", "-c", $"{connections}", "-d", $"{seconds}s", "--timeout", "10s", "-s", Script, server.ToString()], environment);
        var line = output.Split('\n').Single(l => l.StartsWith("BENCH ", StringComparison.Ordinal));
        return JsonDocument.Parse(line["BENCH ".Length..]).RootElement.Clone();
    }
}

using System.Text.Json;

namespace Platform.Bench;

/// <summary>Runs wrk with the shared scenario script and reads the figures it prints.</summary>
public sealed class Wrk(BenchOptions options)
{
    private static readonly string Script = Path.Combine(BenchOptions.RepositoryRoot, "bench", "wrk", "scenario.lua");

    public async Task<Measurement> Run(string name, string label, Operation operation, bool ours, Uri server, string method, string path,
        IReadOnlyList<int> servers, IReadOnlyDictionary<string, string>? headers = null, string? body = null, string? userHeader = null, int users = 1,
        int? seconds = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["BENCH_METHOD"] = method,
            ["BENCH_PATH"] = path,
            ["BENCH_HEADERS"] = string.Join('\n', (headers ?? new Dictionary<string, string>()).Select(h => $"{h.Key}: {h.Value}")),
            ["BENCH_THREADS"] = $"{options.Threads}",
            ["BENCH_USERS"] = $"{users}",
        };
        if (body is not null) environment["BENCH_BODY"] = body;
        if (userHeader is not null) environment["BENCH_USER_HEADER"] = userHeader;

        var cpu = new CpuClock(servers);
        var output = await BenchProcess.Run("wrk",
            ["-t", $"{options.Threads}", "-c", $"{options.Connections}", "-d", $"{seconds ?? options.Duration}s", "--timeout", "10s",
             "-s", Script, server.ToString()], environment);
        var line = output.Split('\n').Single(l => l.StartsWith("BENCH ", StringComparison.Ordinal));
        var figures = JsonDocument.Parse(line["BENCH ".Length..]).RootElement;
        var requests = figures.GetProperty("requests").GetInt64();
        var measurement = new Measurement(name, label, operation, ours,
            requests / (figures.GetProperty("duration_us").GetInt64() / 1e6),
            figures.GetProperty("p50_us").GetInt64() / 1000.0,
            figures.GetProperty("p99_us").GetInt64() / 1000.0,
            figures.GetProperty("p999_us").GetInt64() / 1000.0,
            figures.GetProperty("errors").GetInt64(),
            requests,
            cpu.MicrosPer(requests));
        measurement.Print();
        return measurement;
    }
}

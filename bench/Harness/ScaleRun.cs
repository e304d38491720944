using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// <c>--scale N</c>: two co-hosted silos, N sessions of 1 KiB seeded in two halves, each half always through
/// the same silo's port (a session's grain lives on the silo that first receives its user), then, round after
/// round, reads over every seeded user against reads of one user per silo; the page's Scale section.
/// </summary>
public static class ScaleRun
{
    private const string Start = "<!-- scale:start (written by bench/run.sh --scale N) -->";
    private const string End = "<!-- scale:end -->";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Execute(BenchOptions options)
    {
        var sessions = options.Scale!.Value;
        var wrk = new Wrk(options);
        Console.WriteLine($"Scale: the platform with 2 silos, co-hosted, and {sessions:N0} sessions of 1 KiB");
        await using var platform = await RunningPlatform.Start(Topology.Cohosted, silos: 2, lifecycleSignals: true);
        var servers = platform.Servers;
        var halves = new[] { (First: 0, Count: sessions / 2), (First: sessions / 2, Count: sessions - sessions / 2) }
            .Select((half, i) => (Server: platform.Targets[i % platform.Targets.Count], half.First, half.Count)).ToList();

        // Warmed up before the empty figure, so that compiled code is not counted against the sessions.
        var basic = new Dictionary<string, string> { ["Authorization"] = BenchmarkRun.Alice };
        await BenchmarkRun.PutAlicesValue(platform);
        await wrk.Run(Scenario.WarmUp, 0, servers, [.. halves.Select(h => (h.Server, new WrkRequest("GET", "/session/bench", basic)))], options.WarmUp);
        var empty = await platform.Memory(0, 0);

        Console.WriteLine($"  seeding, for at most {options.SeedLimit} s:");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(options.SeedLimit);
        var clock = Stopwatch.StartNew();
        var seeds = await Task.WhenAll(halves.Select(half => BenchmarkRun.Seed(
            new BoundedLoad(half.Server, Math.Max(1, options.Connections / 2), BenchmarkRun.UserHeader, servers), 0, half.First, half.First + half.Count, deadline)));
        var seedTime = clock.Elapsed;
        var seeded = halves.Zip(seeds, (half, seed) => half with { Count = (int)seed.Requests }).ToList();
        var total = seeded.Sum(half => half.Count);
        if (seeded.Any(half => half.Count == 0)) throw new InvalidOperationException($"No session seeded in a half within {options.SeedLimit} s.");
        var full = await platform.Memory(0, total);
        Console.WriteLine($"  {total:N0} sessions in {seedTime.TotalSeconds:N0} s; live heap {full.LiveHeapBytes / 1048576.0:N1} MiB over {platform.SiloPids.Count} silos");

        var results = new List<Measurement>();
        var oneUser = new Scenario("Ours (co-hosted, 2 silos): read, 1 user per silo by proxy header", "ours", "read header", Operation.Read, Topology.Cohosted);
        var everyUser = new Scenario($"Ours (co-hosted, 2 silos): read, {total:N0} distinct users", "ours", "read many", Operation.Read, Topology.Cohosted, total);
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"Round {round} of {options.Rounds}:");
            results.Add(await wrk.Run(oneUser, round, servers,
                [.. seeded.Select(h => (h.Server, new WrkRequest("GET", "/session/profile", UserHeader: BenchmarkRun.UserHeader, FirstUser: h.First)))]));
            results.Add(await wrk.Run(everyUser, round, servers,
                [.. seeded.Select(h => (h.Server, new WrkRequest("GET", "/session/profile", UserHeader: BenchmarkRun.UserHeader, Users: h.Count, FirstUser: h.First)))]));
        }

        var report = new Report(options, results, [], BenchmarkRun.KibValue.Length, []);
        var ratio = report.ThroughputRatio(everyUser, oneUser)!;
        var live = (full.LiveHeapBytes - empty.LiveHeapBytes) / (double)total;
        var resident = (full.ResidentBytes - empty.ResidentBytes) / (double)total;
        var section = new StringBuilder()
            .AppendLine("### Scale")
            .AppendLine()
            .AppendLine(Page.RunLine(options))
            .AppendLine(Invariant, $"(the platform with `--silos 2 --topology cohosted`, each silo also on a port of its own; the users split in two halves, each half always sent to the same silo's port; " +
                $"{Page.Count(options.Rounds, "round")}, one wrk a port at once with {Page.Count(Math.Max(1, options.Threads / 2), "thread")} and {Page.Count(Math.Max(1, options.Connections / 2), "connection")} each, " +
                $"{options.Duration} s a scenario; throughput summed over the ports, latencies the worse port's).");
        var limited = total < sessions ? $"; stopped at the limit of {options.SeedLimit} s, short of the {sessions:N0} asked for" : "";
        section
            .AppendLine()
            .AppendLine(report.Table())
            .AppendLine(Invariant, $"- Seeding: {total:N0} sessions of {BenchmarkRun.KibValue.Length:N0} bytes in {seedTime.TotalSeconds:N0} s ({total / seedTime.TotalSeconds:N0} a second, {options.Connections / 2} at a time a silo){limited}.")
            .AppendLine(Invariant, $"- Memory, both silos together, after a full GC: {live:N0} B of live heap per session ({live - BenchmarkRun.KibValue.Length:N0} B beyond its data), {resident:N0} B resident; " +
                $"{full.LiveHeapBytes / 1048576.0:N1} MiB live heap and {full.ResidentBytes / 1048576.0:N1} MiB resident in all.")
            .AppendLine(Invariant, $"- Read throughput over {total:N0} users within 10% of the 1-user figure (same round): {ratio.Format("0.00", "x")}: {(ratio.Median >= 0.9 ? "met" : "**not met**")}.");
        Console.WriteLine();
        Console.WriteLine(section);
        if (options.WriteDocs) await Page.Replace(Start, End, section.ToString());
        return 0;
    }
}

using System.Globalization;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// The table, the memory figure, the signals, the goals, and the page and plot in docs/. Every ratio is taken
/// within a round (both figures from the same round) and shown as the median over rounds (least–most).
/// </summary>
public sealed class Report(BenchOptions options, IReadOnlyList<Measurement> results, IReadOnlyList<MemoryPoint> memory, int valueBytes,
    IReadOnlyList<SignalLatency.Figures> latencies)
{
    private const string Start = "<!-- results:start (written by bench/run.sh) -->";
    private const string End = "<!-- results:end -->";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private IEnumerable<Scenario> Scenarios => results.Select(r => r.Scenario).Distinct();

    private Scenario? Ours(Topology topology, string key) => Scenarios.FirstOrDefault(s => s.Topology == topology && s.Key == key);

    private Scenario? Peer(string side, string key) => Scenarios.FirstOrDefault(s => !s.Ours && s.Side == side && s.Key == key);

    private Scenario? CeilingFor(Scenario row) => Ours(row.Topology ?? options.Topology, "ceiling");

    private Scenario? AspNetFor(Scenario row) => row.Operation == Operation.Ceiling ? null : Peer("aspnet", row.Operation == Operation.Read ? "read" : "write");

    /// <summary>The direct-Redis row of the same operation over as many users.</summary>
    private Scenario? RedisFor(Scenario row) => row.Operation == Operation.Ceiling
        ? null
        : Scenarios.FirstOrDefault(s => s.Side == "redis" && s.Operation == row.Operation && s.Users == row.Users);

    private Spread? Figure(Scenario? row, Func<Measurement, double> figure) =>
        row is null ? null : Spread.Of(results.Where(r => r.Scenario == row).Select(figure));

    /// <summary>figure(row) / figure(reference), each round with both, over the rounds.</summary>
    private Spread? Ratio(Scenario? row, Scenario? reference, Func<Measurement, double> figure) =>
        row is null || reference is null ? null
            : row == reference ? new Spread(1, 1, 1, 1)
            : Spread.Of(results.Where(r => r.Scenario == row)
                .Join(results.Where(r => r.Scenario == reference), r => r.Round, r => r.Round, (a, b) => figure(a) / figure(b)));

    private static double Throughput(Measurement m) => m.RequestsPerSecond;

    public Spread? ThroughputRatio(Scenario row, Scenario reference) => Ratio(row, reference, Throughput);

    /// <summary>One row a scenario; a ratio column no row has (as in the scale run) is left out.</summary>
    public string Table()
    {
        var perRound = results.Select(r => r.Round).Distinct().Count() > 1 ? " min / median / max" : "";
        string[] head = ["scenario", $"req/s{perRound}", "p50 ms", "p99 ms", "errors", "server CPU µs/req", "vs ceiling", "vs ASP.NET Core session", "vs direct Redis"];
        var rows = Scenarios.Select(row => new[]
        {
            row.Name,
            Page.Throughput(Figure(row, Throughput)!),
            Figure(row, m => m.P50)!.Median.ToString("0.00", Invariant),
            Figure(row, m => m.P99)!.Median.ToString("0.00", Invariant),
            $"{results.Where(r => r.Scenario == row).Sum(r => r.Errors)}",
            Figure(row, m => m.ServerCpuMicros)!.Median.ToString("N0", Invariant),
            Ratio(row, CeilingFor(row), Throughput)?.Format("0", " %", 100) ?? "",
            Ratio(row, AspNetFor(row), Throughput)?.Format("0.00", "x") ?? "",
            Ratio(row, RedisFor(row), Throughput)?.Format("0.00", "x") ?? "",
        }).ToList();
        var columns = Enumerable.Range(0, head.Length).Where(c => c < 6 || rows.Any(row => row[c].Length > 0)).ToList();
        string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells) + " |";
        var table = new StringBuilder()
            .AppendLine(Line(columns.Select(c => head[c])))
            .AppendLine("|" + string.Join("|", columns.Select(c => c == 0 ? "---" : "---:")) + "|");
        foreach (var row in rows) table.AppendLine(Line(columns.Select(c => row[c])));
        return table.ToString();
    }

    /// <summary>Per round against that round's empty silo, then the median over rounds.</summary>
    public string MemorySummary()
    {
        var baselines = memory.Where(p => p.Sessions == 0).ToDictionary(p => p.Round);
        static string MiB(double bytes) => $"{bytes / 1048576.0:N1} MiB";
        var text = new StringBuilder()
            .AppendLine("| active sessions | silo resident memory | resident per session | live heap | live heap per session | beyond its data |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|")
            .AppendLine(Invariant, $"| 0 | {MiB(Spread.Of(baselines.Values.Select(p => (double)p.ResidentBytes))!.Median)} | | {MiB(Spread.Of(baselines.Values.Select(p => (double)p.LiveHeapBytes))!.Median)} | | |");
        foreach (var points in memory.Where(p => p.Sessions > 0).GroupBy(p => p.Sessions))
        {
            double Median(Func<MemoryPoint, double> figure) => Spread.Of(points.Select(figure))!.Median;
            var live = Median(p => PerSession(p, baselines[p.Round], q => q.LiveHeapBytes));
            text.AppendLine(Invariant,
                $"| {points.Key:N0} | {MiB(Median(p => p.ResidentBytes))} | {Median(p => PerSession(p, baselines[p.Round], q => q.ResidentBytes)):N0} B | " +
                $"{MiB(Median(p => p.LiveHeapBytes))} | {live:N0} B | {live - valueBytes:N0} B |");
        }

        return text
            .AppendLine()
            .AppendLine(Invariant, $"In the {options.Topology.Title()} topology, the median over rounds. Each session holds one value of {valueBytes:N0} bytes of JSON.")
            .AppendLine("Both figures are measured after a full, compacting GC in the silo; resident memory also counts what the GC keeps")
            .AppendLine("reserved, live heap only reachable objects.")
            .ToString();
    }

    private static double PerSession(MemoryPoint point, MemoryPoint baseline, Func<MemoryPoint, long> figure) =>
        (figure(point) - figure(baseline)) / (double)point.Sessions;

    /// <summary>Live heap per session beyond its data at the most sessions, per round.</summary>
    private Spread? Overhead() => Spread.Of(memory.Where(p => p.Sessions == options.Sessions)
        .Join(memory.Where(p => p.Sessions == 0), p => p.Round, b => b.Round, (p, b) => PerSession(p, b, q => q.LiveHeapBytes) - valueBytes));

    /// <summary>What lifecycle signals cost a session read (same round: 1 - on / off), and how fast a signal reaches an event stream.</summary>
    public string SignalSummary()
    {
        var text = new StringBuilder();
        var (on, off) = (Ours(options.Topology, "read"), Ours(options.Topology, "read no signals"));
        if (SignalCost() is { } cost)
        {
            text.AppendLine(Invariant,
                $"- Session read, 1 user ({options.Topology.Title()}): {Figure(on, Throughput)!.Median:N0} req/s with lifecycle signals (request_started and request_finished for every request), " +
                $"{Figure(off, Throughput)!.Median:N0} req/s without (medians): they cost {cost.Format("0.0", " %", 100)} of the throughput, same round (goal: at most 10%: {Mark(cost.Median <= 0.10)}).");
        }

        if (Spread.Of(latencies.Select(l => l.P50)) is { } p50 && Spread.Of(latencies.Select(l => l.P99)) is { } p99)
        {
            text.AppendLine(Invariant,
                $"- Raise to receipt on the caller's event stream (`POST /signals/{{name}}`, stored in the user's log on Redis, then the live memory stream, then SSE), " +
                $"{latencies[0].Count} signals one after another a round: p50 {p50.Format("0.00", " ms")}, p99 {p99.Format("0.00", " ms")}.");
        }

        return text.ToString();
    }

    private Spread? SignalCost() => Ratio(Ours(options.Topology, "read"), Ours(options.Topology, "read no signals"), Throughput) is { } ratio
        ? new Spread(1 - ratio.Median, 1 - ratio.Max, 1 - ratio.Min, ratio.Count)
        : null;

    private static string Mark(bool met) => met ? "met" : "**not met**";

    /// <summary>The topology whose 1-user read has the higher median: the goals are judged on it.</summary>
    private Topology Best() =>
        Enum.GetValues<Topology>().MaxBy(t => Figure(Ours(t, "read"), Throughput)?.Median ?? 0);

    public string Goals()
    {
        var best = Best();
        var text = new StringBuilder()
            .AppendLine(Invariant, $"Judged on the {best.Title()} topology, whose 1-user read has the higher median " +
                $"({string.Join(" against ", Enum.GetValues<Topology>().OrderBy(t => t != best).Select(t => $"{Figure(Ours(t, "read"), Throughput)?.Median ?? 0:N0} req/s {t.Title()}"))}); " +
                $"ratios within each round, median (least–most) over {Page.Count(options.Rounds, "round")}.")
            .AppendLine();
        var aspnet = Peer("aspnet", "read");
        foreach (var (key, redisKey) in new[] { ("read header", "read header"), ("read many", "read many") })
        {
            var (ours, redis) = (Ours(best, key), Peer("redis", redisKey));
            if (Ratio(ours, redis, Throughput) is not { } vsRedis || Ratio(ours, aspnet, Throughput) is not { } vsAspNet) continue;
            var p99 = Figure(ours, m => m.P99)!.Median;
            var (redisP99, aspnetP99) = (Figure(redis, m => m.P99)!.Median, Figure(aspnet, m => m.P99)!.Median);
            text.AppendLine(Invariant,
                $"- Session {ours!.Name[(ours.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..]}: at least 1.5x the direct-Redis peer and 3x the ASP.NET Core session peer, with a lower p99 than both: " +
                $"{vsRedis.Format("0.00", "x")} and {vsAspNet.Format("0.00", "x")}, p99 {p99:0.00} ms against {redisP99:0.00} and {aspnetP99:0.00} ms: " +
                $"{Mark(vsRedis.Median >= 1.5 && vsAspNet.Median >= 3 && p99 < redisP99 && p99 < aspnetP99)}.");
        }

        if (Ratio(Ours(best, "read"), Ours(best, "ceiling"), Throughput) is { } vsCeiling)
        {
            text.AppendLine(Invariant, $"- Session read, 1 user, at 70% or more of the ceiling of the same run: {vsCeiling.Format("0", " %", 100)}: {Mark(vsCeiling.Median >= 0.7)}.");
        }

        if (Ratio(Ours(best, "write header"), Peer("redis", "write header"), Throughput) is { } write)
        {
            text.AppendLine(Invariant, $"- Session write persisted, 1 user by proxy header: at least 1.2x the direct-Redis peer's write: {write.Format("0.00", "x")}: {Mark(write.Median >= 1.2)}.");
        }

        var only = options.Topology == best ? "" : $", measured {options.Topology.Title()} only";
        if (Overhead() is { } overhead)
        {
            text.AppendLine(Invariant, $"- Under 2 KiB per active session beyond its data at {options.Sessions:N0} sessions (live heap after a full GC{only}): {overhead.Format("N0", " B")}: {Mark(overhead.Median < 2048)}.");
        }

        var (cold, redisRead) = (Ours(options.Topology, "cold read"), Peer("redis", "read many"));
        if (Ratio(cold, redisRead, m => m.P50) is { } coldRatio)
        {
            text.AppendLine(Invariant,
                $"- Cold read p50 within 2x of the direct-Redis read p50 (its read over {redisRead!.Users:N0} users{only}): {Figure(cold, m => m.P50)!.Median:0.00} ms against " +
                $"{Figure(redisRead, m => m.P50)!.Median:0.00} ms, {coldRatio.Format("0.0", "x")}: {Mark(coldRatio.Median <= 2)}.");
        }

        if (SignalCost() is { } cost)
        {
            text.AppendLine(Invariant, $"- Lifecycle signals on within 10% of off (session read, 1 user{only}): they cost {cost.Format("0.0", " %", 100)}: {Mark(cost.Median <= 0.10)}.");
        }

        return text.ToString();
    }

    public async Task WriteDocs(TimeSpan took)
    {
        await Plot(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Page.Path)!, "benchmarks.png"));
        var section = new StringBuilder()
            .AppendLine(Page.RunLine(options))
            .AppendLine(Invariant, $"({Page.Count(options.Rounds, "round")}, each scenario once a round; wrk: {Page.Count(options.Threads, "thread")}, {Page.Count(options.Connections, "connection")}, " +
                $"{options.Duration} s a scenario after {options.WarmUp} s of warm-up a start; " +
                $"{took.TotalMinutes:0} minutes in all).")
            .AppendLine("Rate limits as shipped: the per-user limit (`RateLimiting:PerUser`) off; the password-failure throttle on")
            .AppendLine("(10 failures a minute per address and per user name), never reached, since no request here fails a password.");
        section
            .AppendLine()
            .AppendLine(Table())
            .AppendLine("![Throughput (median, bars from least to most) and p99 latency (median) per scenario](benchmarks.png)")
            .AppendLine()
            .AppendLine("### Memory per active session")
            .AppendLine()
            .AppendLine(MemorySummary())
            .AppendLine("### Signals")
            .AppendLine()
            .AppendLine(SignalSummary())
            .AppendLine("### Goals")
            .AppendLine()
            .Append(Goals());
        await Page.Replace(Start, End, section.ToString());
    }

    private async Task Plot(string png)
    {
        var data = System.IO.Path.GetTempFileName();
        var rows = Scenarios.Select((row, i) => (Row: row, Index: i, Rps: Figure(row, Throughput)!)).Select(r =>
            string.Create(Invariant, $"{r.Index} \"{r.Row.PlotLabel}\" {r.Rps.Median:0} {r.Rps.Min:0} {r.Rps.Max:0} {Figure(r.Row, m => m.P99)!.Median:0.000}"));
        await File.WriteAllLinesAsync(data, rows);
        var script = $"""
            set terminal pngcairo size 1400,900 font "DejaVu Sans,10"
            set output '{png}'
            set multiplot layout 2,1
            set style fill solid 0.85 border -1
            set boxwidth 0.7
            set grid ytics
            set xtics rotate by -35 left nomirror
            set bmargin 7
            set rmargin 10
            set yrange [0:*]
            set title 'Throughput (requests per second, median of rounds, bar from least to most; higher is better)'
            plot '{data}' using 1:3:xtic(2) with boxes notitle lc rgb '#3572b0', '' using 1:3:4:5 with yerrorbars notitle lc rgb 'black' pt -1
            set title 'p99 latency (milliseconds, median of rounds; lower is better)'
            plot '{data}' using 1:6:xtic(2) with boxes notitle lc rgb '#d9534f'
            unset multiplot
            """;
        var scriptFile = System.IO.Path.GetTempFileName();
        await File.WriteAllTextAsync(scriptFile, script);
        await BenchProcess.Run("gnuplot", [scriptFile]);
        File.Delete(data);
        File.Delete(scriptFile);
    }
}

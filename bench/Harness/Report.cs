using System.Globalization;
using System.Text;

namespace Platform.Bench;

/// <summary>The table, the memory figure, the goals, and the page and plot in docs/.</summary>
public sealed class Report(BenchOptions options, IReadOnlyList<Measurement> results, IReadOnlyList<MemoryPoint> memory, int valueBytes,
    SignalLatency.Figures? latency)
{
    private const string Start = "<!-- results:start (written by bench/run.sh) -->";
    private const string End = "<!-- results:end -->";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private Measurement Ceiling => results.Single(r => r.Operation == Operation.Ceiling);

    private Measurement? PeerFor(Operation operation) =>
        results.FirstOrDefault(r => !r.Ours && r.Operation == operation && r.Label.StartsWith("aspnet", StringComparison.Ordinal));

    public string Table()
    {
        var table = new StringBuilder()
            .AppendLine("| scenario | req/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU µs/req | vs ceiling | vs ASP.NET Core session |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var peer = PeerFor(r.Operation);
            table.AppendLine(Invariant, $"| {r.Name} | {r.RequestsPerSecond:N0} | {r.P50:0.00} | {r.P99:0.00} | {r.P999:0.00} | {r.Errors} | {r.ServerCpuMicros:N0} | " +
                $"{r.RequestsPerSecond / Ceiling.RequestsPerSecond:P0} | {(peer is null ? "" : $"{r.RequestsPerSecond / peer.RequestsPerSecond:0.00}x")} |");
        }

        return table.ToString();
    }

    public string MemorySummary()
    {
        var baseline = memory[0];
        var text = new StringBuilder()
            .AppendLine("| active sessions | silo resident memory | resident per session | live heap | live heap per session | beyond its data |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|")
            .AppendLine(Invariant, $"| 0 | {baseline.ResidentBytes / 1048576.0:N1} MiB | | {baseline.LiveHeapBytes / 1048576.0:N1} MiB | | |");
        foreach (var point in memory.Skip(1))
        {
            var resident = (point.ResidentBytes - baseline.ResidentBytes) / (double)point.Sessions;
            var live = (point.LiveHeapBytes - baseline.LiveHeapBytes) / (double)point.Sessions;
            text.AppendLine(Invariant,
                $"| {point.Sessions:N0} | {point.ResidentBytes / 1048576.0:N1} MiB | {resident:N0} B | {point.LiveHeapBytes / 1048576.0:N1} MiB | {live:N0} B | {live - valueBytes:N0} B |");
        }

        return text
            .AppendLine()
            .AppendLine(Invariant, $"Each session holds one value of {valueBytes:N0} bytes of JSON. Both figures are measured after a full, compacting GC in the silo;")
            .AppendLine("resident memory also counts what the GC keeps reserved, live heap only reachable objects.")
            .ToString();
    }

    /// <summary>What lifecycle signals cost a session read, and how fast a signal reaches an event stream.</summary>
    public string SignalSummary()
    {
        var on = results.First(r => r.Label == "ours read");
        var off = results.First(r => r.Label == "ours read no signals");
        var cost = 1 - on.RequestsPerSecond / off.RequestsPerSecond;
        var text = new StringBuilder()
            .AppendLine(Invariant, $"- Session read, 1 user: {on.RequestsPerSecond:N0} req/s with lifecycle signals (request_started and request_finished for every request), {off.RequestsPerSecond:N0} req/s without: they cost {cost:P1} of the throughput (goal: at most 10%: {(cost <= 0.10 ? "met" : "**not met**")}).");
        if (latency is not null)
        {
            text.AppendLine(Invariant, $"- Raise to receipt on the caller's event stream (`POST /signals/{{name}}`, stored in the user's log on Redis, then the live memory stream, then SSE), {latency.Count} signals one after another: p50 {latency.P50:0.00} ms, p99 {latency.P99:0.00} ms.");
        }

        return text.ToString();
    }

    public string Goals()
    {
        var read = results.First(r => r.Ours && r.Operation == Operation.Read);
        var peer = PeerFor(Operation.Read)!;
        var vsPeer = read.RequestsPerSecond / peer.RequestsPerSecond;
        var vsCeiling = read.RequestsPerSecond / Ceiling.RequestsPerSecond;
        var overhead = (memory[^1].LiveHeapBytes - memory[0].LiveHeapBytes) / (double)memory[^1].Sessions - valueBytes;
        string Mark(bool met) => met ? "met" : "**not met**";
        var text = new StringBuilder()
            .AppendLine(Invariant, $"- Session read at least 3x the ASP.NET Core session peer, with a lower p99: {vsPeer:0.00}x, p99 {read.P99:0.00} ms against {peer.P99:0.00} ms: {Mark(vsPeer >= 3 && read.P99 < peer.P99)}.")
            .AppendLine(Invariant, $"- Session read at 70% or more of the ceiling: {vsCeiling:P0}: {Mark(vsCeiling >= 0.7)}.")
            .AppendLine(Invariant, $"- Under 2 KiB of overhead per active session beyond its data: {overhead:N0} B of live heap at {memory[^1].Sessions:N0} sessions: {Mark(overhead < 2048)}.");
        // Issue 11: ours against what a team would write without the platform, a Redis hash per user, in the
        // same run: reads by 1 user and by the most users, and the write; each beside our row of the same label.
        var direct = results.Where(r => r.Label.StartsWith("redis ", StringComparison.Ordinal)).ToList();
        var reads = direct.Where(r => r.Operation == Operation.Read).ToList();
        foreach (var peerRow in reads.Take(1).Concat(reads.Skip(1).TakeLast(1)).Concat(direct.Where(r => r.Operation == Operation.Write)))
        {
            if (results.FirstOrDefault(r => r.Ours && r.Label == "ours" + peerRow.Label["redis".Length..]) is not { } oursRow) continue;
            var goal = peerRow.Operation == Operation.Read ? 1.5 : 1.2;
            var ratio = oursRow.RequestsPerSecond / peerRow.RequestsPerSecond;
            text.AppendLine(Invariant,
                $"- Ours at least {goal:0.0}x a direct Redis hash per user, {peerRow.Name[(peerRow.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..]}: {ratio:0.00}x ({oursRow.RequestsPerSecond:N0} against {peerRow.RequestsPerSecond:N0} req/s): {Mark(ratio >= goal)}.");
        }

        return text.ToString();
    }

    public async Task WriteDocs()
    {
        var docs = Path.Combine(BenchOptions.RepositoryRoot, "docs");
        Directory.CreateDirectory(docs);
        await Plot(Path.Combine(docs, "benchmarks.png"));

        var page = Path.Combine(docs, "benchmarks.md");
        var text = File.Exists(page) ? await File.ReadAllTextAsync(page) : $"# Benchmarks\n\n{Start}\n{End}\n";
        var section = new StringBuilder()
            .AppendLine(Start)
            .AppendLine(Invariant, $"Run on {DateTime.UtcNow:yyyy-MM-dd} on {Machine()}, with")
            .AppendLine("`bash bench/run.sh" + Arguments() + "`")
            .AppendLine(Invariant, $"(wrk: {options.Threads} threads, {options.Connections} connections, {options.Duration} s a scenario; the bounded rows send each request once, {options.Connections} at a time).")
            .AppendLine("Rate limits as shipped: the per-user limit (`RateLimiting:PerUser`) off; the password-failure throttle on")
            .AppendLine("(10 failures a minute per address and per user name), never reached, since no request here fails a password.")
            .AppendLine()
            .AppendLine(Table())
            .AppendLine("![Throughput and p99 latency per scenario](benchmarks.png)")
            .AppendLine()
            .AppendLine("### Memory per active session")
            .AppendLine()
            .AppendLine(MemorySummary())
            .AppendLine("### Signals")
            .AppendLine()
            .AppendLine(SignalSummary())
            .AppendLine("### Goals")
            .AppendLine()
            .Append(Goals())
            .Append(End);
        var from = text.IndexOf(Start, StringComparison.Ordinal);
        var to = text.IndexOf(End, StringComparison.Ordinal) + End.Length;
        await File.WriteAllTextAsync(page, text[..from] + section + text[to..]);
        Console.WriteLine($"Wrote {page} and docs/benchmarks.png");
    }

    private async Task Plot(string png)
    {
        var data = Path.GetTempFileName();
        var rows = results.Select((r, i) => string.Create(Invariant, $"{i} \"{r.Label}\" {r.RequestsPerSecond:0} {r.P99:0.000}"));
        await File.WriteAllLinesAsync(data, rows);
        var script = $"""
            set terminal pngcairo size 1200,900 font "DejaVu Sans,10"
            set output '{png}'
            set multiplot layout 2,1
            set style fill solid 0.85 border -1
            set boxwidth 0.7
            set grid ytics
            set xtics rotate by -35 left nomirror
            set bmargin 7
            set yrange [0:*]
            set title 'Throughput (requests per second; higher is better)'
            plot '{data}' using 1:3:xtic(2) with boxes notitle lc rgb '#3572b0'
            set title 'p99 latency (milliseconds; lower is better)'
            plot '{data}' using 1:4:xtic(2) with boxes notitle lc rgb '#d9534f'
            unset multiplot
            """;
        var scriptFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(scriptFile, script);
        await BenchProcess.Run("gnuplot", [scriptFile]);
        File.Delete(data);
        File.Delete(scriptFile);
    }

    private string Arguments()
    {
        var defaults = new BenchOptions();
        var parts = new List<string>();
        if (options.Duration != defaults.Duration) parts.Add($"--duration {options.Duration}");
        if (options.Connections != defaults.Connections) parts.Add($"--connections {options.Connections}");
        if (options.Threads != defaults.Threads) parts.Add($"--threads {options.Threads}");
        if (options.Sessions != defaults.Sessions) parts.Add($"--sessions {options.Sessions}");
        if (options.Cold != defaults.Cold) parts.Add($"--cold {options.Cold}");
        return parts.Count == 0 ? "" : " " + string.Join(' ', parts);
    }

    private static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"{Environment.ProcessorCount} cores ({model}), .NET {Environment.Version}";
    }
}

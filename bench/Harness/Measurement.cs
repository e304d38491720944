namespace Platform.Bench;

public enum Operation { Ceiling, Read, Write }

/// <summary>
/// What a row measures: ours in a topology, or a peer (<see cref="Topology"/> null); <see cref="Key"/> names the
/// request within its side, <see cref="Users"/> how many users it names (rows compare with the direct-Redis
/// peer's row of the same operation and user count). Rounds of one scenario are summarised together.
/// </summary>
public sealed record Scenario(string Name, string Side, string Key, Operation Operation, Topology? Topology = null, int Users = 1)
{
    public bool Ours => Topology is not null;

    public string PlotLabel => Topology is { } topology ? $"{topology.Short()} {Key}" : $"{Side} {Key}";

    public static Scenario OfOurs(Topology topology, string key, string what, Operation operation, int users = 1) =>
        new($"Ours ({topology.Title()}): {what}", "ours", key, operation, topology, users);

    /// <summary>The bare ceiling: the same process, routing and middleware as our reads, no credentials to check, no grain.</summary>
    public static Scenario CeilingOf(Topology topology) =>
        new($"Ceiling ({topology.Title()}): constant JSON, GET /api", "ours", "ceiling", Operation.Ceiling, topology);

    public static Scenario OfPeer(string side, string title, string key, string what, Operation operation, int users = 1) =>
        new($"{title}: {what}", side, key, operation, null, users);

    /// <summary>Load that settles the JIT and is not reported.</summary>
    public static Scenario WarmUp { get; } = new("warm-up", "none", "warm-up", Operation.Read);
}

/// <summary>
/// One scenario's figures in one round. Latencies in milliseconds; server CPU is what the serving processes
/// (API, silo and Redis, or a peer and Redis) spent per request, in microseconds.
/// </summary>
public sealed record Measurement(Scenario Scenario, int Round,
    double RequestsPerSecond, double P50, double P99, double P999, long Errors, long Requests, double ServerCpuMicros)
{
    public void Print() => Console.WriteLine(
        $"  {Scenario.Name,-62} {RequestsPerSecond,10:N0} req/s  p50 {P50,7:0.00} ms  p99 {P99,7:0.00} ms  server CPU {ServerCpuMicros,5:N0} µs/req  errors {Errors}");
}

/// <summary>Median, least and most of some figures (rounds, or same-round ratios).</summary>
public sealed record Spread(double Median, double Min, double Max, int Count)
{
    public static Spread? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>"1.23x (1.10–1.31)"; the median alone from one round.</summary>
    public string Format(string format, string unit = "", double scale = 1)
    {
        string Text(double value) => (value * scale).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return Count == 1 ? Text(Median) + unit : $"{Text(Median)}{unit} ({Text(Min)}–{Text(Max)})";
    }
}

/// <summary>CPU time that a set of processes used, from /proc (clock ticks of 10 ms).</summary>
public sealed class CpuClock(IReadOnlyList<int> pids)
{
    private readonly long _start = Ticks(pids);

    public double MicrosPer(long requests) => requests == 0 ? 0 : (Ticks(pids) - _start) * 10_000.0 / requests;

    private static long Ticks(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    });
}

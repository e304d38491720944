namespace Platform.Bench;

public enum Operation { Ceiling, Read, Write }

/// <summary>
/// One scenario's figures. Latencies in milliseconds; server CPU is what the serving processes
/// (API, silo and Redis, or a peer and Redis) spent per request, in microseconds.
/// </summary>
public sealed record Measurement(string Name, string Label, Operation Operation, bool Ours,
    double RequestsPerSecond, double P50, double P99, double P999, long Errors, long Requests, double ServerCpuMicros)
{
    public void Print() => Console.WriteLine(
        $"  {Name,-44} {RequestsPerSecond,10:N0} req/s  p50 {P50,7:0.00} ms  p99 {P99,7:0.00} ms  server CPU {ServerCpuMicros,5:N0} µs/req  errors {Errors}");
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

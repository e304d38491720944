using System.Diagnostics;
using System.Net.Http.Headers;

namespace Platform.Bench;

/// <summary>
/// A fixed number of requests, one per user, from a fixed number of concurrent workers: for seeding
/// sessions and for timing first (cold) reads against repeated (warm) ones. wrk runs for a time,
/// not a count, so it cannot time "each session once".
/// </summary>
public sealed class BoundedLoad(Uri server, int concurrency, string userHeader, IReadOnlyList<int> servers)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false })
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Users firstUser.. in order; past the deadline no new user is taken, so the users served are always
    /// firstUser..firstUser+Requests-1 (every user taken is finished).
    /// </summary>
    public async Task<Measurement> Run(Scenario scenario, int round, int firstUser, int users, Func<HttpRequestMessage> request,
        DateTime? deadline = null)
    {
        var latencies = new long[users];
        var errors = 0L;
        var next = firstUser - 1;
        var cpu = new CpuClock(servers);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (DateTime.UtcNow < (deadline ?? DateTime.MaxValue) && Interlocked.Increment(ref next) is var user && user < firstUser + users)
            {
                using var message = request();
                message.Headers.Add(userHeader, $"user-{user}");
                var started = Stopwatch.GetTimestamp();
                using var response = await _http.SendAsync(message);
                latencies[user - firstUser] = Stopwatch.GetElapsedTime(started).Ticks;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        }));
        var elapsed = clock.Elapsed;
        var served = Math.Min(users, next - firstUser + 1);
        var sorted = latencies[..served];
        Array.Sort(sorted);
        double Percentile(double p) => served == 0 ? 0 : TimeSpan.FromTicks(sorted[Math.Min(served - 1, (int)Math.Ceiling(p / 100 * served) - 1)]).TotalMilliseconds;
        var measurement = new Measurement(scenario, round, served / elapsed.TotalSeconds,
            Percentile(50), Percentile(99), Percentile(99.9), errors, served, cpu.MicrosPer(served));
        measurement.Print();
        return measurement;
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, string? json = null) => new(method, path)
    {
        Content = json is null ? null : new StringContent(json, new MediaTypeHeaderValue("application/json")),
    };
}

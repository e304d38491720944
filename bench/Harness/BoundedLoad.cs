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

    public async Task<Measurement> Run(string name, string label, Operation operation, int firstUser, int users,
        Func<HttpRequestMessage> request)
    {
        var latencies = new long[users];
        var errors = 0L;
        var next = firstUser - 1;
        var cpu = new CpuClock(servers);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var user = Interlocked.Increment(ref next); user < firstUser + users; user = Interlocked.Increment(ref next))
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
        Array.Sort(latencies);
        double Percentile(double p) => TimeSpan.FromTicks(latencies[Math.Min(users - 1, (int)Math.Ceiling(p / 100 * users) - 1)]).TotalMilliseconds;
        var measurement = new Measurement(name, label, operation, Ours: true, users / elapsed.TotalSeconds,
            Percentile(50), Percentile(99), Percentile(99.9), errors, users, cpu.MicrosPer(users));
        measurement.Print();
        return measurement;
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, string? json = null) => new(method, path)
    {
        Content = json is null ? null : new StringContent(json, new MediaTypeHeaderValue("application/json")),
    };
}

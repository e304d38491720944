using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Platform.Bench;

/// <summary>Raise to receipt: a custom signal posted, and the moment the caller's own event stream delivers it.</summary>
public static class SignalLatency
{
    public sealed record Figures(int Count, double P50, double P99);

    public static async Task<Figures> Measure(Uri api, string authorization, int count)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var stream = await http.GetAsync("/signals/stream", HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        var events = SseParser.Create(await stream.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var raised = Stopwatch.GetTimestamp();
            (await http.PostAsync("/signals/bench.latency", new StringContent($"{i}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            while (await events.MoveNextAsync())
            {
                if (events.Current.EventType == "bench.latency" && JsonDocument.Parse(events.Current.Data).RootElement.GetProperty("data").GetInt32() == i)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(raised).TotalMilliseconds);
                    break;
                }
            }
        }

        await events.DisposeAsync();
        latencies.Sort();
        return new Figures(latencies.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

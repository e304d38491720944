using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration;

/// <summary>The real API process with no silo behind it: it still starts, and answers 503 quickly.</summary>
public sealed class ClusterUnavailableTests
{
    [Fact]
    public async Task With_no_silo_reachable_session_calls_get_503_within_seconds_and_health_says_why()
    {
        var port = FreePort.Next();
        await using var api = ChildProcess.StartService("ApiService", "Platform.ApiService.dll", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Orleans__Clustering__ProviderType"] = "Development",
            ["Orleans__Clustering__Gateways__0"] = $"127.0.0.1:{FreePort.Next()}",
        });
        // A client that gives up after 10 seconds: a hang fails the test instead of stalling it.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = ApiFactory.Basic("alice", "password");
        await Eventually.Holds(() => http.GetAsync("/alive"), response => response.IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the API answers /alive without a cluster");

        var session = await http.GetAsync("/session");
        var health = await http.GetAsync("/health");

        await Problems.Assert(session, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(session.Headers.RetryAfter);
        var byToken = new HttpRequestMessage(HttpMethod.Get, "/session");
        byToken.Headers.Authorization = new("Bearer", Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        await Problems.Assert(await http.SendAsync(byToken), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("cannot reach the cluster", await health.Content.ReadAsStringAsync());
    }
}

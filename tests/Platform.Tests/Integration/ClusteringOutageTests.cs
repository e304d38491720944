using System.Net;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Tests.Integration;

/// <summary>
/// The clustering store (Redis) goes away under a running cluster: sessions keep being read and written (their
/// store is another), the silo's /health says degraded and why, and healthy again once the store is back.
/// </summary>
public sealed class ClusteringOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _clustering = null!;
    private RedisServer _sessions = null!;

    public async Task InitializeAsync()
    {
        _clustering = await RedisServer.Start();
        _sessions = await RedisServer.Start();
    }

    public async Task DisposeAsync()
    {
        await _sessions.DisposeAsync();
        await _clustering.DisposeAsync();
    }

    [Fact]
    public async Task With_the_clustering_store_killed_the_cluster_keeps_serving_and_health_says_degraded_until_it_returns()
    {
        var orleans = SiloProcess.RedisOrleans(_clustering, $"svc-{Guid.NewGuid():N}", "clustering-outage");
        orleans["Orleans__GrainStorage__sessions__ServiceKey"] = "sessions";
        orleans["ConnectionStrings__sessions"] = _sessions.ConnectionString;
        var siloAt = SiloProcess.OnFreePorts();
        await using var silo = await siloAt.Start(orleans);
        await using var api = await ApiProcess.Start(SiloProcess.ClientSettings(orleans));
        using var health = new HttpClient();
        await using var load = SessionLoad.Start(api.Uri, users: 4);
        await load.UntilEachUserWrote();

        load.FaultNow();
        await _clustering.Process.Kill();
        var degraded = await Eventually.Holds(() => Health(health, siloAt), report => report.Status == "Degraded",
            TimeSpan.FromSeconds(30), "the silo's /health reports degraded");
        await load.UntilEachUserWrote();
        await _clustering.Process.Restart();
        await Eventually.Holds(() => Health(health, siloAt), report => report.Status == "Healthy",
            TimeSpan.FromSeconds(60), "the silo's /health is healthy again");
        await load.UntilEachUserWrote();
        var result = await load.Stop();
        var lost = await load.LostWrites();
        output.WriteLine(result.Figures("clustering store (Redis) killed, started again once /health said degraded", lost.Count));

        Assert.Equal(HttpStatusCode.OK, degraded.Code);
        Assert.Contains("clustering store (Redis) unreachable", degraded.Body);
        Assert.True(result.Failed.Count == 0, result.FailureSummary);
        Assert.Empty(lost);
    }

    private static async Task<(HttpStatusCode Code, string Status, string Body)> Health(HttpClient http, SiloProcess silo)
    {
        using var response = await http.GetAsync(silo.HealthUrl);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()!, body);
    }
}

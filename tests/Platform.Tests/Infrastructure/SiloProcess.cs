namespace Platform.Tests.Infrastructure;

/// <summary>The real Silo binary, configured through the Aspire-convention keys as the app host does.</summary>
public sealed record SiloProcess(int HttpPort, int SiloPort, int GatewayPort)
{
    public static SiloProcess OnFreePorts() => new(FreePort.Next(), FreePort.Next(), FreePort.Next());

    public string HealthUrl => $"http://127.0.0.1:{HttpPort}/health";

    public async Task<ChildProcess> Start(IReadOnlyDictionary<string, string> orleans)
    {
        var environment = new Dictionary<string, string>(orleans)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}",
            ["Orleans__Endpoints__SiloPort"] = $"{SiloPort}",
            ["Orleans__Endpoints__GatewayPort"] = $"{GatewayPort}",
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["Reports__SigningKey"] = TestSigning.Key,
        };
        var process = ChildProcess.StartService("Silo", "Platform.Silo.dll", environment);
        try
        {
            using var http = new HttpClient();
            await Eventually.Holds(async () => (await http.GetAsync(HealthUrl)).StatusCode, status => status == System.Net.HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), "the silo answers /health");
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>What an API (an Orleans client) takes of a silo's settings: everything but grain storage.</summary>
    public static Dictionary<string, string?> ClientSettings(IReadOnlyDictionary<string, string> siloEnvironment) =>
        siloEnvironment
            .Where(pair => !pair.Key.StartsWith("Orleans__GrainStorage__", StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key.Replace("__", ":"), pair => (string?)pair.Value);

    /// <summary>Redis clustering and Redis session storage, as under the app host.</summary>
    public static Dictionary<string, string> RedisOrleans(RedisServer redis, string serviceId, string clusterId) => new()
    {
        ["Orleans__ClusterId"] = clusterId,
        ["Orleans__ServiceId"] = serviceId,
        ["Orleans__Clustering__ProviderType"] = "Redis",
        ["Orleans__Clustering__ServiceKey"] = "redis",
        ["Orleans__GrainStorage__sessions__ProviderType"] = "Redis",
        ["Orleans__GrainStorage__sessions__ServiceKey"] = "redis",
        ["ConnectionStrings__redis"] = redis.ConnectionString,
    };
}

using System.Net;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>An API behind an authenticating proxy takes the user from the proxy's header, and only from the proxy.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class ProxyAuthenticationTests(SessionCluster sessions)
{
    private const string UserHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    [Fact]
    public async Task The_trusted_proxys_header_names_the_user()
    {
        await using var api = BehindProxy(requestsFrom: IPAddress.Loopback);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add(UserHeader, "carol@example.com");

        var greeting = JsonDocument.Parse(await client.GetStringAsync("/api")).RootElement;

        Assert.Equal("carol@example.com", greeting.GetProperty("Hello").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/session")).StatusCode);
    }

    [Fact]
    public async Task The_header_from_anyone_else_is_refused()
    {
        await using var api = BehindProxy(requestsFrom: IPAddress.Parse("192.0.2.7"));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add(UserHeader, "alice");

        var response = await client.GetAsync("/session");

        var problem = await Problems.Assert(response, HttpStatusCode.Unauthorized);
        Assert.Contains("only from a configured proxy", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_configured_proxies_the_header_is_ignored()
    {
        var client = sessions.Api.ClientFor(null);
        client.DefaultRequestHeaders.Add(UserHeader, "alice");

        Assert.Equal("""{"Hello":"Anonymous"}""", await client.GetStringAsync("/api"));
        await Problems.Assert(await client.GetAsync("/session"), HttpStatusCode.Unauthorized);
    }

    private IApiHost BehindProxy(IPAddress requestsFrom) =>
        sessions.ApiWith(new Dictionary<string, string?> { ["Authentication:Proxy:TrustedProxies:0"] = "127.0.0.1" }, requestsFrom);
}

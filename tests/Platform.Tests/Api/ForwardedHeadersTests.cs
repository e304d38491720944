using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>The client's address comes from X-Forwarded-For only when a trusted proxy sent the request.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class ForwardedHeadersTests(SessionCluster sessions)
{
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.9");

    [Fact]
    public async Task A_direct_client_is_greeted_by_its_own_address()
    {
        await using var api = Api(requestsFrom: Stranger);

        Assert.Equal("203.0.113.9", await ClientIp(api, forwardedFor: null));
    }

    [Fact]
    public async Task A_forged_header_from_an_untrusted_address_is_ignored()
    {
        await using var api = Api(requestsFrom: Stranger);

        Assert.Equal("203.0.113.9", await ClientIp(api, forwardedFor: "198.51.100.1"));
    }

    [Fact]
    public async Task Aspires_trust_everyone_switch_does_not_make_a_forged_header_count()
    {
        // Aspire sets ASPNETCORE_FORWARDEDHEADERS_ENABLED=true on projects; ASP.NET Core alone would then believe anyone.
        await using var api = Api(requestsFrom: Stranger, new() { ["ForwardedHeaders_Enabled"] = "true" });

        Assert.Equal("203.0.113.9", await ClientIp(api, forwardedFor: "198.51.100.1"));
    }

    [Fact]
    public async Task Out_of_the_box_a_proxy_on_loopback_is_trusted()
    {
        await using var api = Api(requestsFrom: IPAddress.Loopback);

        Assert.Equal("198.51.100.4", await ClientIp(api, forwardedFor: "198.51.100.4"));
    }

    [Fact]
    public async Task A_chain_of_trusted_proxies_gives_the_client_before_them()
    {
        await using var api = Api(requestsFrom: IPAddress.Loopback, new() { ["ForwardedHeaders:TrustedProxies"] = "127.0.0.1, 10.0.0.0/8" });

        Assert.Equal("198.51.100.7", await ClientIp(api, forwardedFor: "198.51.100.7, 10.1.2.3"));
    }

    [Fact]
    public async Task A_chain_stops_at_the_first_untrusted_hop_so_a_client_cannot_forge_what_lies_before_it()
    {
        await using var api = Api(requestsFrom: IPAddress.Loopback, new() { ["ForwardedHeaders:TrustedProxies"] = "127.0.0.1, 10.0.0.0/8" });

        Assert.Equal("203.0.113.50", await ClientIp(api, forwardedFor: "192.0.2.1, 203.0.113.50, 10.1.2.3"));
    }

    [Fact]
    public async Task With_no_trusted_proxy_even_loopback_cannot_forward()
    {
        await using var api = Api(requestsFrom: IPAddress.Loopback, new() { ["ForwardedHeaders:TrustedProxies"] = "none" });

        Assert.Equal("127.0.0.1", await ClientIp(api, forwardedFor: "198.51.100.1"));
    }

    [Fact]
    public async Task An_authenticating_proxy_is_still_believed_when_it_also_forwards_the_client_address()
    {
        await using var api = Api(requestsFrom: IPAddress.Loopback, new() { ["Authentication:Proxy:TrustedProxies:0"] = "127.0.0.1" });
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.8");
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL-NAME", "carol@example.com");

        var greeting = await client.GetFromJsonAsync<JsonElement>("/api");

        Assert.Equal("carol@example.com", greeting.GetProperty("Hello").GetString());
        Assert.Equal("198.51.100.8", (await client.GetFromJsonAsync<JsonElement>("/api/ip")).GetProperty("Hello").GetString());
    }

    private IApiHost Api(IPAddress requestsFrom, Dictionary<string, string?>? settings = null) => sessions.ApiWith(settings ?? [], requestsFrom);

    private static async Task<string?> ClientIp(IApiHost api, string? forwardedFor)
    {
        var client = api.CreateClient();
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return (await client.GetFromJsonAsync<JsonElement>("/api/ip")).GetProperty("Hello").GetString();
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Sessions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>
/// The co-hosted topology: a silo that serves the API holds the sessions of the users whose requests it
/// received, so a read never leaves its process; a session held by another silo is still served.
/// </summary>
[Collection(SessionClusterCollection.Name)]
public sealed class CoHostedTopologyTests(SessionCluster cluster)
{
    [Fact]
    public async Task A_session_first_used_through_a_co_hosted_api_lives_in_that_silo_so_its_reads_make_no_network_hop()
    {
        await using var api = await cluster.JoinCoHosted(ProxySettings.TrustingLoopback(cluster.CoHostedSettings()), RemoteAddress.Of(IPAddress.Loopback));
        var user = $"local-{Guid.NewGuid():N}";
        using var client = api.ClientNamedByProxy(user);

        (await client.PutAsync("/session/theme", Bodies.Json("\"dark\""))).EnsureSuccessStatusCode();
        Assert.Equal("\"dark\"", await client.GetStringAsync("/session/theme"));

        // Orleans delivers a call to an activation in its own silo in memory; this silo is the API's own.
        Assert.Equal(Silo(api), await WhereActive(user));
    }

    [Fact]
    public async Task A_session_held_by_another_silo_is_read_and_written_through_a_co_hosted_api()
    {
        await using var api = await cluster.JoinCoHosted(ProxySettings.TrustingLoopback(cluster.CoHostedSettings()), RemoteAddress.Of(IPAddress.Loopback));
        var user = $"remote-{Guid.NewGuid():N}";
        var held = cluster.Cluster.Client.GetGrain<ISessionGrain>(user);
        Assert.Equal(SessionOutcome.Applied, (await held.Set("theme", "\"light\""u8.ToArray(), ifMatch: null)).Outcome);
        var holder = await WhereActive(user);
        using var client = api.ClientNamedByProxy(user);

        Assert.Equal("\"light\"", await client.GetStringAsync("/session/theme"));
        (await client.PutAsync("/session/theme", Bodies.Json("\"dark\""))).EnsureSuccessStatusCode();

        Assert.NotEqual(Silo(api), holder);
        Assert.Equal(holder, await WhereActive(user));
        Assert.Equal("\"dark\"", System.Text.Encoding.UTF8.GetString((await held.Get("theme")).Utf8Json!));
    }

    private static SiloAddress Silo(CoHostedApiFactory api) => api.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private async Task<SiloAddress> WhereActive(string user)
    {
        var statistics = await cluster.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return Assert.Single(statistics, s => s.GrainId == GrainId.Create("session", user)).SiloAddress;
    }
}

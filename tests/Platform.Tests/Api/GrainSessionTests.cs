using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.ApiService.AspNetSessions;
using Platform.Contracts.Sessions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>Code written for HttpContext.Session runs unchanged on the grain, keyed by identity, with no cookie.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class GrainSessionTests(SessionCluster sessions)
{
    [Fact]
    public async Task SetInt32_and_GetInt32_count_visits_across_requests_without_a_cookie()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");

        var counts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var response = await bob.PostAsync("/samples/visits", null);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            counts.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        }

        Assert.Equal([1, 2, 3], counts);
    }

    [Fact]
    public async Task SetString_is_stored_as_readable_json_and_the_json_api_and_the_session_share_values()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");

        (await bob.PutAsync("/samples/name/Zoë", null)).EnsureSuccessStatusCode();
        Assert.Equal("\"Zoë\"", await bob.GetStringAsync("/session/name"));

        await bob.PutAsync("/session/name", new StringContent("\"Bob\"", Encoding.UTF8, "application/json"));
        Assert.Equal("\"Hello, Bob!\"", await bob.GetStringAsync("/samples/greeting"));
    }

    [Fact]
    public async Task Bytes_that_are_not_text_round_trip_and_changes_commit_together()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var grain = sessions.Cluster.GrainFactory.GetGrain<ISessionGrain>(userId);
        var writer = new GrainSession(() => grain, userId);
        writer.Set("blob", [0xFF, 0x00, 0xFE]);
        writer.SetString("text", "plain");
        await writer.CommitAsync();

        var reader = new GrainSession(() => grain, userId);
        await reader.LoadAsync();

        Assert.True(reader.TryGetValue("blob", out var blob));
        Assert.Equal(new byte[] { 0xFF, 0x00, 0xFE }, blob);
        Assert.Equal("plain", reader.GetString("text"));
        Assert.Equal(1, (await grain.GetAll()).Tag.Version);
    }

    [Fact]
    public async Task Each_user_has_their_own_session()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        await bob.PutAsync("/samples/name/Bob", null);

        Assert.Equal("\"Hello, stranger!\"", await alice.GetStringAsync("/samples/greeting"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await sessions.Api.ClientFor(null).GetAsync("/samples/greeting")).StatusCode);
    }
}

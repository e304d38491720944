using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

[Collection(ExpiryClusterCollection.Name)]
public sealed class SessionExpiryApiTests(ExpiryCluster expiry)
{
    [Fact]
    public async Task The_first_response_after_an_idle_expiry_says_so_and_the_session_is_fresh()
    {
        var alice = expiry.Api.ClientFor("alice");
        (await alice.PutAsync("/session/cart", new StringContent("[1]", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout + TimeSpan.FromMinutes(1));
        var response = await alice.GetAsync("/session");
        var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var next = await alice.GetAsync("/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("idle; at=", response.Headers.GetValues("Session-Expired").Single());
        Assert.Equal("idle", session.GetProperty("expired").GetProperty("reason").GetString());
        Assert.Empty(session.GetProperty("values").EnumerateObject());
        Assert.False(next.Headers.Contains("Session-Expired"));
    }

    [Fact]
    public async Task A_session_an_api_caller_never_comes_back_to_leaves_storage()
    {
        var bob = expiry.Api.ClientFor("bob");
        var due = ExpiryCluster.Clock.GetUtcNow() + ExpiryCluster.IdleTimeout;
        (await bob.PutAsync("/session/cart", new StringContent("[1]", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        Assert.True(await expiry.Stored("bob"));
        await expiry.DueTimesStored(("bob", due));

        ExpiryCluster.Clock.Advance(ExpiryCluster.IdleTimeout + TimeSpan.FromMinutes(1));

        await Eventually.Holds(() => expiry.StoredAfterASweep("bob"), stored => stored == 0, TimeSpan.FromSeconds(30),
            "bob's expiry partition removes the session nobody came back to");
    }
}

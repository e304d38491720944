using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>Versions, conditional requests and atomic operations, as a client of the HTTP API sees them.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class SessionConcurrencyTests(SessionCluster sessions)
{
    [Fact]
    public async Task Two_hundred_parallel_increments_through_two_apis_on_two_silos_lose_nothing()
    {
        await using var first = OneGatewayApi(0);
        await using var second = OneGatewayApi(1);
        var clients = new[] { first.ClientFor("alice"), second.ClientFor("alice") };
        await clients[0].DeleteAsync("/session/counter");

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            clients[i % 2].PostAsync("/session/counter/increment", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal("200", await clients[0].GetStringAsync("/session/counter"));
        var values = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64()));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), values.Order());
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");
        var first = await bob.PutAsync("/session/theme", Bodies.Json("\"dark\""));
        await bob.PutAsync("/session/size", Bodies.Json("12"));

        var stale = new HttpRequestMessage(HttpMethod.Put, "/session/theme") { Content = Bodies.Json("\"light\"") };
        stale.Headers.IfMatch.Add(first.Headers.ETag!);
        var refused = await bob.SendAsync(stale);

        await Problems.Assert(refused, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"dark\"", await bob.GetStringAsync("/session/theme"));
        var current = new HttpRequestMessage(HttpMethod.Delete, "/session/theme");
        current.Headers.IfMatch.Add(refused.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.SendAsync(current)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_if_match_is_412()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");
        var request = new HttpRequestMessage(HttpMethod.Put, "/session/theme") { Content = Bodies.Json("1") };
        request.Headers.TryAddWithoutValidation("If-Match", "not-an-etag");

        await Problems.Assert(await bob.SendAsync(request), HttpStatusCode.PreconditionFailed);
        await Problems.Assert(await bob.GetAsync("/session/theme"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_read_with_the_current_etag_is_304_until_something_changes()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");
        var written = await bob.PutAsync("/session/theme", Bodies.Json("\"dark\""));

        var unchanged = new HttpRequestMessage(HttpMethod.Get, "/session");
        unchanged.Headers.IfNoneMatch.Add(written.Headers.ETag!);
        var notModified = await bob.SendAsync(unchanged);
        await bob.PutAsync("/session/theme", Bodies.Json("\"light\""));
        var changed = new HttpRequestMessage(HttpMethod.Get, "/session");
        changed.Headers.IfNoneMatch.Add(written.Headers.ETag!);
        var modified = await bob.SendAsync(changed);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.NotEqual(written.Headers.ETag, modified.Headers.ETag);
    }

    [Fact]
    public async Task Incrementing_a_value_that_is_not_an_integer_is_409()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");
        await bob.PutAsync("/session/name", Bodies.Json("\"Bob\""));

        await Problems.Assert(await bob.PostAsync("/session/name/increment", null), HttpStatusCode.Conflict);
        var byFive = await bob.PostAsync("/session/count/increment?by=5", null);
        Assert.Equal(5, (await byFive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task Compare_and_set_swaps_the_expected_value_and_otherwise_is_412()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");

        var claim = await bob.PostAsync("/session/lock/compare-and-set", Bodies.Json("""{"value":"bob-1"}"""));
        var rival = await bob.PostAsync("/session/lock/compare-and-set", Bodies.Json("""{"value":"other"}"""));
        var release = await bob.PostAsync("/session/lock/compare-and-set", Bodies.Json("""{"expected":"bob-1","value":null}"""));

        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var problem = await Problems.Assert(rival, HttpStatusCode.PreconditionFailed);
        Assert.Contains("bob-1", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal("null", await bob.GetStringAsync("/session/lock"));
    }

    [Fact]
    public async Task A_merge_patch_is_applied_as_one_change()
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");
        await bob.PutAsync("/session/profile", Bodies.Json("""{"name":"Bob","tz":"UTC"}"""));
        await bob.PutAsync("/session/old", Bodies.Json("1"));
        var before = JsonDocument.Parse(await bob.GetStringAsync("/session")).RootElement.GetProperty("version").GetInt64();

        var patched = await bob.PatchAsync("/session", Bodies.Json("""{"profile":{"tz":null,"lang":"en"},"old":null,"theme":"dark"}""", "application/merge-patch+json"));
        var session = JsonDocument.Parse(await bob.GetStringAsync("/session")).RootElement;

        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal(before + 1, session.GetProperty("version").GetInt64());
        Assert.Equal("""{"name":"Bob","lang":"en"}""", session.GetProperty("values").GetProperty("profile").GetRawText());
        Assert.False(session.GetProperty("values").TryGetProperty("old", out _));
    }

    [Theory]
    [InlineData("[1,2]", "application/merge-patch+json", HttpStatusCode.BadRequest)]
    [InlineData("{\"bad key\":1}", "application/merge-patch+json", HttpStatusCode.BadRequest)]
    [InlineData("{\"a\":1}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_patch_that_is_not_a_merge_patch_of_keys_is_refused(string body, string mediaType, HttpStatusCode status)
    {
        var bob = await sessions.Api.ClientWithEmptySession("bob");

        await Problems.Assert(await bob.PatchAsync("/session", Bodies.Json(body, mediaType)), status);
        Assert.Empty(JsonDocument.Parse(await bob.GetStringAsync("/session")).RootElement.GetProperty("values").EnumerateObject());
    }

    /// <summary>An API whose Orleans client knows only one silo's gateway.</summary>
    private ApiFactory OneGatewayApi(int silo) => new(new Dictionary<string, string?>(sessions.ApiSettings)
    {
        ["Orleans:Clustering:Gateways:0"] = sessions.Cluster.Silos[silo].GatewayAddress.Endpoint.ToString(),
        ["Orleans:Clustering:Gateways:1"] = null,
    });
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

[Collection(SessionClusterCollection.Name)]
public sealed class SessionApiTests(SessionCluster sessions)
{
    [Fact]
    public async Task Any_json_value_put_under_a_key_reads_back_as_the_same_json()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        var put = await alice.PutAsync("/session/cart", Bodies.Json("""{ "items": [1, 2], "note": "Zoë" }"""));
        put.EnsureSuccessStatusCode();
        var value = await alice.GetStringAsync("/session/cart");

        Assert.Equal("""{"items":[1,2],"note":"Zoë"}""", value);
        var written = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cart", written.GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1,{\"a\":[]}]")]
    public async Task Scalars_arrays_and_null_are_values_too(string json)
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        (await alice.PutAsync("/session/value", Bodies.Json(json))).EnsureSuccessStatusCode();

        Assert.Equal(json, await alice.GetStringAsync("/session/value"));
    }

    [Fact]
    public async Task The_whole_session_lists_every_key_with_its_version()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        var before = await alice.GetFromJsonAsync<JsonElement>("/session");

        await alice.PutAsync("/session/theme", Bodies.Json("\"dark\""));
        await alice.PutAsync("/session/count", Bodies.Json("3"));
        var response = await alice.GetAsync("/session");
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();

        var version = session.GetProperty("version").GetInt64();
        Assert.Equal(before.GetProperty("version").GetInt64() + 2, version);
        Assert.Equal("dark", session.GetProperty("values").GetProperty("theme").GetString());
        Assert.Equal(3, session.GetProperty("values").GetProperty("count").GetInt32());
        Assert.EndsWith($"-{version}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_deleted_key_is_gone_and_deleting_it_again_is_404()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        await alice.PutAsync("/session/theme", Bodies.Json("\"dark\""));

        var deleted = await alice.DeleteAsync("/session/theme");
        var again = await alice.DeleteAsync("/session/theme");
        var read = await alice.GetAsync("/session/theme");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problems.Assert(again, HttpStatusCode.NotFound);
        await Problems.Assert(read, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clearing_the_session_removes_every_key()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        await alice.PutAsync("/session/a", Bodies.Json("1"));
        await alice.PutAsync("/session/b", Bodies.Json("2"));

        var cleared = await alice.DeleteAsync("/session");
        var session = await alice.GetFromJsonAsync<JsonElement>("/session");

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(session.GetProperty("values").EnumerateObject());
    }

    [Fact]
    public async Task Users_never_see_each_others_data()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        var bob = await sessions.Api.ClientWithEmptySession("bob");

        await alice.PutAsync("/session/secret", Bodies.Json("\"alice's\""));

        await Problems.Assert(await bob.GetAsync("/session/secret"), HttpStatusCode.NotFound);
        var bobs = await bob.GetFromJsonAsync<JsonElement>("/session");
        Assert.Empty(bobs.GetProperty("values").EnumerateObject());
    }

    [Theory]
    [InlineData("GET", "/session")]
    [InlineData("GET", "/session/theme")]
    [InlineData("PUT", "/session/theme")]
    [InlineData("DELETE", "/session/theme")]
    [InlineData("DELETE", "/session")]
    public async Task Anonymous_callers_get_401_on_every_session_endpoint(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PUT" ? Bodies.Json("1") : null };

        var response = await sessions.Api.ClientFor(null).SendAsync(request);

        await Problems.Assert(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_the_problem_and_changes_nothing()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        await alice.PutAsync("/session/cart", Bodies.Json("[1]"));

        var response = await alice.PutAsync("/session/cart", Bodies.Json("""{"items": [1, 2"""));

        var problem = await Problems.Assert(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
        Assert.Equal("[1]", await alice.GetStringAsync("/session/cart"));
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        var response = await alice.PutAsync("/session/cart", Bodies.Json(""));

        await Problems.Assert(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_and_changes_nothing()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        var response = await alice.PutAsync("/session/cart", new StringContent("items=1", Encoding.UTF8, "text/plain"));

        await Problems.Assert(response, HttpStatusCode.UnsupportedMediaType);
        await Problems.Assert(await alice.GetAsync("/session/cart"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_value_over_the_limit_is_413_and_changes_nothing()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");
        await alice.PutAsync("/session/note", Bodies.Json("\"short\""));

        var response = await alice.PutAsync("/session/note", Bodies.Json($"\"{new string('x', SessionCluster.MaxValueBytes)}\""));

        await Problems.Assert(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("\"short\"", await alice.GetStringAsync("/session/note"));
    }

    [Fact]
    public async Task A_body_larger_than_any_session_is_413_unread()
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        var response = await alice.PutAsync("/session/note", Bodies.Json($"\"{new string('x', 2 * 1024 * 1024)}\""));

        await Problems.Assert(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("semi;colon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_malformed_key_is_400(string key)
    {
        var alice = await sessions.Api.ClientWithEmptySession("alice");

        var response = await alice.PutAsync($"/session/{key}", Bodies.Json("1"));

        await Problems.Assert(response, HttpStatusCode.BadRequest);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

[Collection(SessionClusterCollection.Name)]
public sealed class GreetingApiTests(SessionCluster sessions)
{
    [Fact]
    public async Task An_anonymous_caller_is_greeted_as_Anonymous()
    {
        var body = await sessions.Api.ClientFor(null).GetStringAsync("/api");

        Assert.Equal("""{"Hello":"Anonymous"}""", body);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("bob")]
    public async Task A_demo_user_with_the_right_password_is_greeted_by_name(string user)
    {
        var body = await sessions.Api.ClientFor(user).GetFromJsonAsync<JsonElement>("/api");

        Assert.Equal(user, body.GetProperty("Hello").GetString());
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("mallory", "password")]
    public async Task Wrong_credentials_get_401_with_a_problem_and_a_challenge(string user, string password)
    {
        var response = await sessions.Api.ClientFor(user, password).GetAsync("/api");

        var problem = await Problems.Assert(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
        Assert.Contains("Invalid user name or password", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Malformed_basic_credentials_get_401()
    {
        var client = sessions.Api.ClientFor(null);
        client.DefaultRequestHeaders.Authorization = new("Basic", "not-base64!");

        var response = await client.GetAsync("/api");

        await Problems.Assert(response, HttpStatusCode.Unauthorized);
    }
}

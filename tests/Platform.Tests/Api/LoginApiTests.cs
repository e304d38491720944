using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>Login sessions and their bearer tokens; every way a token can be wrong fails closed.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class LoginApiTests(SessionCluster sessions)
{
    private async Task<HttpClient> PasswordClient(string user = "alice")
    {
        var client = sessions.Api.ClientFor(user);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("login-tests/1.0");
        (await client.DeleteAsync("/auth/sessions")).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<(string Token, string Id)> Login(HttpClient password)
    {
        var response = await password.PostAsync("/auth/sessions", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("token").GetString()!, body.GetProperty("id").GetString()!);
    }

    private HttpClient TokenClient(string token, ApiFactory? api = null)
    {
        var client = (api ?? sessions.Api).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_login_issues_an_opaque_token_that_authenticates_every_endpoint()
    {
        var (token, _) = await Login(await PasswordClient());
        var alice = TokenClient(token);

        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 16);
        Assert.Equal("""{"Hello":"alice"}""", await alice.GetStringAsync("/api"));
        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsync("/session/via-token", JsonContent.Create(1))).StatusCode);
    }

    [Fact]
    public async Task The_list_shows_each_login_with_its_user_agent_and_marks_the_current_one()
    {
        var password = await PasswordClient();
        var (first, firstId) = await Login(password);
        var (_, secondId) = await Login(password);

        var listed = await TokenClient(first).GetFromJsonAsync<JsonElement[]>("/auth/sessions");

        Assert.Equal([firstId, secondId], listed!.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal([true, false], listed!.Select(s => s.GetProperty("current").GetBoolean()));
        Assert.All(listed!, s => Assert.Equal("login-tests/1.0", s.GetProperty("userAgent").GetString()));
    }

    [Fact]
    public async Task A_revoked_token_fails_on_the_very_next_request_on_another_api_instance()
    {
        await using var otherInstance = new ApiFactory(sessions.ApiSettings);
        var password = await PasswordClient();
        var (token, id) = await Login(password);
        var elsewhere = TokenClient(token, otherInstance);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/session")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await password.DeleteAsync($"/auth/sessions/{id}")).StatusCode);

        var refused = await elsewhere.GetAsync("/session");
        await Problems.Assert(refused, HttpStatusCode.Unauthorized);
        Assert.Equal("""{"Hello":"Anonymous"}""", await otherInstance.CreateClient().GetStringAsync("/api"));
        await Problems.Assert(await elsewhere.GetAsync("/api"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rotating_replaces_the_token_and_the_old_one_stops_working()
    {
        var (old, id) = await Login(await PasswordClient());

        var rotated = await TokenClient(old).PostAsync("/auth/sessions/rotate", null);
        var body = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var fresh = body.GetProperty("token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(id, body.GetProperty("id").GetString());
        await Problems.Assert(await TokenClient(old).GetAsync("/session"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await TokenClient(fresh).GetAsync("/session")).StatusCode);
    }

    [Fact]
    public async Task A_user_cannot_revoke_another_users_login_session()
    {
        var (bobsToken, bobsId) = await Login(await PasswordClient("bob"));
        var alice = await PasswordClient("alice");

        await Problems.Assert(await alice.DeleteAsync($"/auth/sessions/{bobsId}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await TokenClient(bobsToken).GetAsync("/session")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    public async Task A_malformed_token_is_401(string token)
    {
        var client = sessions.Api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        await Problems.Assert(await client.GetAsync("/session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_well_formed_token_that_was_never_issued_is_401()
    {
        var forged = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await TokenClient(forged).GetAsync("/session");

        var problem = await Problems.Assert(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        Assert.Contains("not valid", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Revoking_the_others_keeps_the_current_login_and_revoking_all_ends_it_too()
    {
        var password = await PasswordClient();
        var (current, _) = await Login(password);
        var (other, _) = await Login(password);

        var others = await TokenClient(current).DeleteAsync("/auth/sessions?others=true");
        Assert.Equal(1, (await others.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetInt32());
        await Problems.Assert(await TokenClient(other).GetAsync("/session"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await TokenClient(current).GetAsync("/session")).StatusCode);

        (await TokenClient(current).DeleteAsync("/auth/sessions")).EnsureSuccessStatusCode();
        await Problems.Assert(await TokenClient(current).GetAsync("/session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_login_beyond_the_cap_ends_the_least_recently_used_one()
    {
        var password = await PasswordClient();
        var tokens = new List<string>();
        for (var i = 0; i < SessionCluster.MaxLoginsPerUser; i++) tokens.Add((await Login(password)).Token);

        var (newest, _) = await Login(password);

        await Problems.Assert(await TokenClient(tokens[0]).GetAsync("/session"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await TokenClient(newest).GetAsync("/session")).StatusCode);
        Assert.Equal(SessionCluster.MaxLoginsPerUser, (await password.GetFromJsonAsync<JsonElement[]>("/auth/sessions"))!.Length);
    }

    [Fact]
    public async Task A_login_needs_a_password_not_a_token()
    {
        var (token, _) = await Login(await PasswordClient());

        await Problems.Assert(await TokenClient(token).PostAsync("/auth/sessions", null), HttpStatusCode.Forbidden);
    }
}

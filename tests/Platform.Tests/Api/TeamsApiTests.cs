using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Api;

/// <summary>Teams and their members under /teams: what a client reads back, and that a refused request changes nothing.</summary>
[Collection(SessionClusterCollection.Name)]
public sealed class TeamsApiTests(SessionCluster sessions)
{
    private readonly HttpClient _alice = sessions.Api.ClientFor("alice");

    /// <summary>Tests share one cluster, so every team name is new.</summary>
    private static string UniqueName(string prefix = "Team") => $"{prefix} {Guid.NewGuid():n}";

    private async Task<JsonElement> CreateTeam(string name, string? description = null)
    {
        var response = await _alice.PostAsJsonAsync("/teams", new { name, description });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> AddMember(string teamId, object member) =>
        await _alice.PostAsJsonAsync($"/teams/{teamId}/members", member);

    private async Task<JsonElement> Team(string id) => await _alice.GetFromJsonAsync<JsonElement>($"/teams/{id}");

    private async Task<JsonElement[]> Listing() => (await _alice.GetFromJsonAsync<JsonElement[]>("/teams"))!;

    private static string[] Names(IEnumerable<JsonElement> items) => [.. items.Select(item => item.GetProperty("name").GetString()!)];

    [Fact]
    public async Task A_created_team_reads_back_and_is_listed()
    {
        var name = UniqueName();
        var response = await _alice.PostAsJsonAsync("/teams", new { name = $"  {name}  ", description = "Keeps the lights on" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/teams/{id}", response.Headers.Location?.OriginalString);
        var read = await _alice.GetAsync(response.Headers.Location);
        var team = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, team.GetProperty("name").GetString());
        Assert.Equal("Keeps the lights on", team.GetProperty("description").GetString());
        Assert.Equal("alice", team.GetProperty("createdBy").GetString());
        Assert.Empty(team.GetProperty("members").EnumerateArray());
        Assert.Equal($"\"{team.GetProperty("version").GetInt64()}\"", read.Headers.ETag?.Tag);
        Assert.Contains(await Listing(), listed => listed.GetProperty("id").GetString() == id && listed.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task A_second_team_with_the_same_name_in_other_case_is_refused_with_409()
    {
        var name = UniqueName();
        await CreateTeam(name);

        var response = await _alice.PostAsJsonAsync("/teams", new { name = name.ToUpperInvariant() });

        await Problems.Assert(response, HttpStatusCode.Conflict);
        Assert.Single(Names(await Listing()), listed => string.Equals(listed, name, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("""{"name": ""}""")]
    [InlineData("""{"name": "   "}""")]
    [InlineData("""{"description": "no name"}""")]
    [InlineData("""{"name": "bell\u0007"}""")]
    [InlineData("""{"name": "line\nbreak"}""")]
    [InlineData("""{"name": 5}""")]
    [InlineData("""{"name": "Typo", "descripton": "misspelt member"}""")]
    [InlineData("""["name"]""")]
    [InlineData("null")]
    [InlineData("""{"name": "unterminated""")]
    public async Task An_invalid_team_body_gets_400_and_creates_nothing(string body)
    {
        var before = await Listing();

        var response = await _alice.PostAsync("/teams", Bodies.Json(body));

        await Problems.Assert(response, HttpStatusCode.BadRequest);
        Assert.Equal(before.Length, (await Listing()).Length);
    }

    [Fact]
    public async Task A_name_over_the_length_limit_gets_400()
    {
        var response = await _alice.PostAsJsonAsync("/teams", new { name = new string('x', 101) });

        var problem = await Problems.Assert(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 100", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_team_body_that_is_not_json_gets_415()
    {
        var response = await _alice.PostAsync("/teams", new StringContent("name=Plain", System.Text.Encoding.UTF8, "text/plain"));

        await Problems.Assert(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Renaming_shows_in_the_team_and_the_listing_and_frees_the_old_name()
    {
        var oldName = UniqueName();
        var id = (await CreateTeam(oldName, "before")).GetProperty("id").GetString()!;
        var newName = UniqueName("Renamed");

        var response = await _alice.PutAsJsonAsync($"/teams/{id}", new { name = newName });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var team = await Team(id);
        Assert.Equal(newName, team.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, team.GetProperty("description").ValueKind);
        var names = Names(await Listing());
        Assert.Contains(newName, names);
        Assert.DoesNotContain(oldName, names);
        await CreateTeam(oldName);
    }

    [Fact]
    public async Task Renaming_to_another_teams_name_gets_409_and_keeps_the_name()
    {
        var taken = UniqueName();
        await CreateTeam(taken);
        var name = UniqueName();
        var id = (await CreateTeam(name)).GetProperty("id").GetString()!;

        var response = await _alice.PutAsJsonAsync($"/teams/{id}", new { name = taken });

        await Problems.Assert(response, HttpStatusCode.Conflict);
        Assert.Equal(name, (await Team(id)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_change_with_a_stale_ETag_gets_412_and_changes_nothing()
    {
        var name = UniqueName();
        var id = (await CreateTeam(name)).GetProperty("id").GetString()!;
        var stale = (await _alice.GetAsync($"/teams/{id}")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Created, (await AddMember(id, new { name = "Ada" })).StatusCode);

        var rename = new HttpRequestMessage(HttpMethod.Put, $"/teams/{id}") { Content = JsonContent.Create(new { name = UniqueName() }) };
        rename.Headers.IfMatch.ParseAdd(stale);
        var response = await _alice.SendAsync(rename);

        await Problems.Assert(response, HttpStatusCode.PreconditionFailed);
        var team = await Team(id);
        Assert.Equal(name, team.GetProperty("name").GetString());
        Assert.Equal($"\"{team.GetProperty("version").GetInt64()}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_change_with_the_current_ETag_is_applied_and_answers_the_next_one()
    {
        var id = (await CreateTeam(UniqueName())).GetProperty("id").GetString()!;
        var current = (await _alice.GetAsync($"/teams/{id}")).Headers.ETag!.Tag;

        var rename = new HttpRequestMessage(HttpMethod.Put, $"/teams/{id}") { Content = JsonContent.Create(new { name = UniqueName(), description = "new" }) };
        rename.Headers.IfMatch.ParseAdd(current);
        var response = await _alice.SendAsync(rename);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(current, response.Headers.ETag?.Tag);
        Assert.Equal("new", (await Team(id)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_deleted_team_is_gone_from_reads_and_the_listing()
    {
        var id = (await CreateTeam(UniqueName())).GetProperty("id").GetString()!;

        var response = await _alice.DeleteAsync($"/teams/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Problems.Assert(await _alice.GetAsync($"/teams/{id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(await Listing(), listed => listed.GetProperty("id").GetString() == id);
        await Problems.Assert(await _alice.DeleteAsync($"/teams/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Members_are_added_listed_read_and_removed()
    {
        var id = (await CreateTeam(UniqueName())).GetProperty("id").GetString()!;

        var added = await AddMember(id, new { name = "Ada Lovelace", role = "lead", email = "ada@example.com" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var ada = await added.Content.ReadFromJsonAsync<JsonElement>();
        var adaId = ada.GetProperty("id").GetString()!;
        Assert.Equal($"/teams/{id}/members/{adaId}", added.Headers.Location?.OriginalString);
        var grace = await (await AddMember(id, new { name = "Grace Hopper" })).Content.ReadFromJsonAsync<JsonElement>();

        var members = (await _alice.GetFromJsonAsync<JsonElement[]>($"/teams/{id}/members"))!;
        Assert.Equal(["Ada Lovelace", "Grace Hopper"], Names(members));
        Assert.Equal("member", grace.GetProperty("role").GetString());
        var read = await _alice.GetFromJsonAsync<JsonElement>(added.Headers.Location);
        Assert.Equal("lead", read.GetProperty("role").GetString());
        Assert.Equal("ada@example.com", read.GetProperty("email").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/teams/{id}/members/{adaId}")).StatusCode);
        Assert.Equal(["Grace Hopper"], Names((await Team(id)).GetProperty("members").EnumerateArray()));
        await Problems.Assert(await _alice.DeleteAsync($"/teams/{id}/members/{adaId}"), HttpStatusCode.NotFound);
        await Problems.Assert(await _alice.GetAsync($"/teams/{id}/members/{adaId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_beyond_the_cap_gets_409_and_the_team_stays_as_it_was()
    {
        var id = (await CreateTeam(UniqueName())).GetProperty("id").GetString()!;
        for (var i = 0; i < SessionCluster.MaxMembersPerTeam; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await AddMember(id, new { name = $"Member {i}" })).StatusCode);
        }

        var before = await Team(id);

        var response = await AddMember(id, new { name = "One too many" });

        var problem = await Problems.Assert(response, HttpStatusCode.Conflict);
        Assert.Contains($"at most {SessionCluster.MaxMembersPerTeam}", problem.GetProperty("detail").GetString());
        var after = await Team(id);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(SessionCluster.MaxMembersPerTeam, after.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task A_second_member_with_the_same_email_gets_409()
    {
        var id = (await CreateTeam(UniqueName())).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await AddMember(id, new { name = "Ada", email = "ada@example.com" })).StatusCode);

        var response = await AddMember(id, new { name = "Another Ada", email = "ADA@example.com" });

        await Problems.Assert(response, HttpStatusCode.Conflict);
        Assert.Equal(["Ada"], Names((await Team(id)).GetProperty("members").EnumerateArray()));
    }

    [Theory]
    [InlineData("""{"role": "lead"}""")]
    [InlineData("""{"name": "Ada", "email": "not an address"}""")]
    [InlineData("""{"name": "Ada", "email": "Ada <ada@example.com>"}""")]
    [InlineData("""{"name": "Ada", "role": "tab\there"}""")]
    [InlineData("""{"name": "Ada", "team": "extra"}""")]
    public async Task An_invalid_member_gets_400_and_adds_nobody(string body)
    {
        var id = (await CreateTeam(UniqueName())).GetProperty("id").GetString()!;

        var response = await _alice.PostAsync($"/teams/{id}/members", Bodies.Json(body));

        await Problems.Assert(response, HttpStatusCode.BadRequest);
        var team = await Team(id);
        Assert.Empty(team.GetProperty("members").EnumerateArray());
        Assert.Equal(1, team.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("GET", "/teams/0123456789abcdef")]
    [InlineData("GET", "/teams/not-a-team-id")]
    [InlineData("PUT", "/teams/0123456789abcdef")]
    [InlineData("DELETE", "/teams/0123456789abcdef")]
    [InlineData("GET", "/teams/0123456789abcdef/members")]
    [InlineData("POST", "/teams/0123456789abcdef/members")]
    [InlineData("DELETE", "/teams/0123456789abcdef/members/0123456789abcdef")]
    public async Task An_unknown_team_gets_404(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PUT" or "POST") request.Content = JsonContent.Create(new { name = UniqueName() });

        var response = await _alice.SendAsync(request);

        await Problems.Assert(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_anonymous_caller_gets_401_and_creates_nothing()
    {
        var anonymous = sessions.Api.ClientFor(null);
        var name = UniqueName();

        await Problems.Assert(await anonymous.GetAsync("/teams"), HttpStatusCode.Unauthorized);
        await Problems.Assert(await anonymous.PostAsJsonAsync("/teams", new { name }), HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(name, Names(await Listing()));
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.ApiService.Cluster;
using Platform.Contracts.Teams;
using static Platform.ApiService.Problems.ProblemResults;
using Platform.ApiService.OpenApi;
using Platform.ApiService.Requests;

namespace Platform.ApiService.Teams;

/// <summary>
/// <c>/teams</c>, the seed's teams blueprint: teams with unique names and their members, shared by every
/// authenticated user. A team's version is its <c>ETag</c>; <c>If-Match</c> makes a change conditional (412 when it moved on).
/// </summary>
public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/teams").WithTags("Teams").WithClusterProblems();
        group.MapGet("", ListTeams).WithName("ListTeams").WithSummary("Every team's id and name, ordered by name");
        group.MapPost("", CreateTeam).WithName("CreateTeam").WithSummary("Creates a team; its name must be unique, ignoring case")
            .AcceptsJson<TeamInput.TeamRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetTeam).WithName("GetTeam").WithSummary("A team with its members; the ETag is its version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}", UpdateTeam).WithName("UpdateTeam").WithSummary("Replaces a team's name and description")
            .AcceptsJson<TeamInput.TeamRequest>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id}", DeleteTeam).WithName("DeleteTeam").WithSummary("Deletes a team and its members")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id}/members", ListMembers).WithName("ListTeamMembers").WithSummary("A team's members in the order they joined")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/members", AddMember).WithName("AddTeamMember").WithSummary("Adds a member, up to the team's cap")
            .AcceptsJson<TeamInput.MemberRequest>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id}/members/{memberId}", GetMember).WithName("GetTeamMember").WithSummary("One member of a team")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}/members/{memberId}", RemoveMember).WithName("RemoveTeamMember").WithSummary("Removes a member from a team")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<TeamListing>>> ListTeams([AsParameters] TeamCaller caller) =>
        TypedResults.Ok(await caller.Directory.List());

    public static async Task<Results<Created<Team>, ProblemHttpResult>> CreateTeam([AsParameters] TeamCaller caller, CancellationToken cancellationToken)
    {
        var (fields, invalid) = await TeamInput.ReadTeam(caller.Context.Request, caller.Rules, cancellationToken);
        if (invalid is not null) return invalid;
        var change = await caller.Directory.Create(TeamIds.New(), fields!.Name, fields.Description, caller.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (caller.Refusal(change, "") is { } refused) return refused;
        return TypedResults.Created($"/teams/{change.Team!.Id}", change.Team);
    }

    public static async Task<Results<Ok<Team>, ProblemHttpResult>> GetTeam(string id, [AsParameters] TeamCaller caller)
    {
        var (team, missing) = await caller.Find(id);
        return missing is null ? TypedResults.Ok(team) : missing;
    }

    public static async Task<Results<Ok<Team>, ProblemHttpResult>> UpdateTeam(string id, [AsParameters] TeamCaller caller, CancellationToken cancellationToken)
    {
        var (ifMatch, unmet) = caller.Precondition(id);
        if (unmet is not null) return unmet;
        var (fields, invalid) = await TeamInput.ReadTeam(caller.Context.Request, caller.Rules, cancellationToken);
        if (invalid is not null) return invalid;
        var change = await caller.Directory.Update(id, fields!.Name, fields.Description, ifMatch);
        if (caller.Refusal(change, id) is { } refused) return refused;
        return TypedResults.Ok(change.Team);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTeam(string id, [AsParameters] TeamCaller caller)
    {
        var (ifMatch, unmet) = caller.Precondition(id);
        if (unmet is not null) return unmet;
        var change = await caller.Directory.Delete(id, ifMatch);
        if (caller.Refusal(change, id) is { } refused) return refused;
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<IReadOnlyList<TeamMember>>, ProblemHttpResult>> ListMembers(string id, [AsParameters] TeamCaller caller)
    {
        var (team, missing) = await caller.Find(id);
        return missing is null ? TypedResults.Ok(team!.Members) : missing;
    }

    public static async Task<Results<Created<TeamMember>, ProblemHttpResult>> AddMember(string id, [AsParameters] TeamCaller caller, CancellationToken cancellationToken)
    {
        var (ifMatch, unmet) = caller.Precondition(id);
        if (unmet is not null) return unmet;
        var (fields, invalid) = await TeamInput.ReadMember(caller.Context.Request, caller.Rules, cancellationToken);
        if (invalid is not null) return invalid;
        var member = new TeamMember(TeamIds.New(), fields!.Name, fields.Role, fields.Email, caller.Time.GetUtcNow());
        var change = await caller.Team(id).AddMember(member, caller.Rules.MaxMembers, ifMatch);
        if (caller.Refusal(change, id) is { } refused) return refused;
        return TypedResults.Created($"/teams/{id}/members/{member.Id}", member);
    }

    public static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> GetMember(string id, string memberId, [AsParameters] TeamCaller caller)
    {
        var (team, missing) = await caller.Find(id);
        if (missing is not null) return missing;
        return team!.Members.FirstOrDefault(m => m.Id == memberId) is { } member ? TypedResults.Ok(member) : MemberNotFound(id, memberId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(string id, string memberId, [AsParameters] TeamCaller caller)
    {
        var (ifMatch, unmet) = caller.Precondition(id);
        if (unmet is not null) return unmet;
        var change = await caller.Team(id).RemoveMember(memberId, ifMatch);
        if (caller.Refusal(change, id, memberId) is { } refused) return refused;
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TeamNotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "Team not found", $"There is no team '{id}'.");

    private static ProblemHttpResult MemberNotFound(string id, string memberId) =>
        Problem(StatusCodes.Status404NotFound, "Member not found", $"Team '{id}' has no member '{memberId}'.");

    /// <summary>The caller, the teams grains, the request's condition and the <c>ETag</c> of the answer.</summary>
    public readonly record struct TeamCaller(ClaimsPrincipal User, IGrainFactory Grains, HttpContext Context, IOptions<TeamOptions> Options, TimeProvider Time)
    {
        public TeamOptions Rules => Options.Value;

        public ITeamDirectoryGrain Directory => Grains.Get<ITeamDirectoryGrain>(ITeamDirectoryGrain.Key);

        public ITeamGrain Team(string id) => Grains.Get<ITeamGrain>(id);

        /// <summary>The team (its version told as the ETag), or the 404 problem.</summary>
        public async Task<(Team? Team, ProblemHttpResult? Missing)> Find(string id)
        {
            if (!TeamIds.IsWellFormed(id) || await Team(id).Get() is not { } team) return (null, TeamNotFound(id));
            Context.Response.Headers.ETag = TeamTag.Of(team.Version);
            return (team, null);
        }

        /// <summary>
        /// The version <c>If-Match</c> names for a change to team <paramref name="id"/> (null: no condition, or <c>*</c>),
        /// or the problem: 404 for an id no team can have, 412 for a tag this API never gave out.
        /// </summary>
        public (long? IfMatch, ProblemHttpResult? Problem) Precondition(string id)
        {
            if (!TeamIds.IsWellFormed(id)) return (null, TeamNotFound(id));
            return IfMatchHeader.Read<long>(Context.Request, TeamTag.TryParse, TeamTag.Of(1));
        }

        /// <summary>Null when the change was applied; otherwise the problem that says why not. Tells the team's version either way.</summary>
        public ProblemHttpResult? Refusal(TeamChange change, string id, string? memberId = null)
        {
            if (change.Team is { } team) Context.Response.Headers.ETag = TeamTag.Of(team.Version);
            return change.Outcome switch
            {
                TeamOutcome.Applied => null,
                TeamOutcome.NotFound => TeamNotFound(id),
                TeamOutcome.MemberNotFound => MemberNotFound(id, memberId ?? ""),
                TeamOutcome.NameTaken => Problem(StatusCodes.Status409Conflict, "Team name taken",
                    "Another team has this name; team names are unique, ignoring case."),
                TeamOutcome.VersionMismatch => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                    $"The team changed since the ETag you sent; it is now {TeamTag.Of(change.Team!.Version)}."),
                TeamOutcome.TeamFull => Problem(StatusCodes.Status409Conflict, "Team full",
                    $"A team may have at most {Rules.MaxMembers} members; remove one first."),
                TeamOutcome.EmailTaken => Problem(StatusCodes.Status409Conflict, "Email taken",
                    "Another member of this team has this email address."),
                _ => throw new InvalidOperationException($"Unknown outcome {change.Outcome}."),
            };
        }
    }
}

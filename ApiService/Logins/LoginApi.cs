using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ApiService.Authentication;
using Platform.ApiService.Cluster;
using static Platform.ApiService.Problems.ProblemResults;
using Platform.Contracts.Logins;
using Platform.ApiService.OpenApi;

namespace Platform.ApiService.Logins;

/// <summary>
/// <c>/auth/sessions</c>: login sessions for clients that should not send a password on every call.
/// A login with Basic credentials returns an opaque bearer token; the user lists, revokes and rotates them here.
/// </summary>
public static class LoginApi
{
    public static RouteGroupBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth/sessions").WithTags("Login sessions").WithClusterProblems();
        group.MapPost("", Login).WithName("Login").WithSummary("Opens a login session with Basic credentials and returns its bearer token")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListLogins).WithName("ListLogins").WithSummary("The caller's login sessions; the one in use is marked current");
        group.MapDelete("/{id}", RevokeLogin).WithName("RevokeLogin").WithSummary("Ends one login session")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("", RevokeLogins).WithName("RevokeLogins").WithSummary("Ends every login session, or with others=true all but the current one")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/rotate", RotateToken).WithName("RotateToken").WithSummary("Replaces the current bearer token; the old one stops working")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public static async Task<Results<Created<LoginIssued>, ProblemHttpResult>> Login([AsParameters] LoginCaller caller)
    {
        if (caller.User.Identity?.AuthenticationType != BasicAuthenticationHandler.SchemeName)
        {
            return Problem(StatusCodes.Status403Forbidden, "Login needs a password",
                "Open a login session with HTTP Basic credentials, not with a bearer token.");
        }

        var token = LoginToken.Create();
        var opened = await caller.Index.Open(LoginToken.Hash(token),
            caller.Context.Connection.RemoteIpAddress?.ToString(), caller.Context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);
        if (opened.Session is not { } session)
        {
            return Problem(StatusCodes.Status409Conflict, "Too many login sessions",
                $"A user may have at most {opened.Cap} login sessions; end one (DELETE /auth/sessions/{{id}}) first.");
        }

        return TypedResults.Created($"/auth/sessions/{session.Id}", new LoginIssued(token, "Bearer", session.Id, session.Created));
    }

    public static async Task<Ok<LoginListed[]>> ListLogins([AsParameters] LoginCaller caller) =>
        TypedResults.Ok((await caller.Index.List())
            .Select(s => new LoginListed(s.Id, s.Created, s.LastUsed, s.ClientIp, s.UserAgent, s.Id == caller.CurrentSessionId))
            .ToArray());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeLogin(string id, [AsParameters] LoginCaller caller) =>
        await caller.Index.Revoke(id)
            ? TypedResults.NoContent()
            : Problem(StatusCodes.Status404NotFound, "Login session not found", $"You have no login session '{id}'.");

    public static async Task<Results<Ok<LoginsRevoked>, ProblemHttpResult>> RevokeLogins([AsParameters] LoginCaller caller, bool? others)
    {
        if (others == true && caller.CurrentSessionId is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "No current login session",
                "others=true keeps the login session this request came through; send the request with its bearer token.");
        }

        return TypedResults.Ok(new LoginsRevoked(await caller.Index.RevokeAll(others == true ? caller.CurrentSessionId : null)));
    }

    public static async Task<Results<Ok<LoginIssued>, ProblemHttpResult>> RotateToken([AsParameters] LoginCaller caller)
    {
        if (caller.CurrentSessionId is not { } sessionId)
        {
            return Problem(StatusCodes.Status400BadRequest, "No current login session", "Rotate the token of a login session by sending this request with that token.");
        }

        var token = LoginToken.Create();
        return await caller.Index.Rotate(sessionId, LoginToken.Hash(token))
            ? TypedResults.Ok(new LoginIssued(token, "Bearer", sessionId, null))
            : Problem(StatusCodes.Status404NotFound, "Login session not found", "The login session ended before its token could be rotated.");
    }

    public sealed record LoginIssued(string Token, string TokenType, string Id, DateTimeOffset? Created);

    public sealed record LoginListed(string Id, DateTimeOffset Created, DateTimeOffset LastUsed, string? ClientIp, string? UserAgent, bool Current);

    public sealed record LoginsRevoked(int Revoked);

    public readonly record struct LoginCaller(ClaimsPrincipal User, IGrainFactory Grains, HttpContext Context)
    {
        public ILoginIndexGrain Index => Grains.Get<ILoginIndexGrain>(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

        public string? CurrentSessionId => User.FindFirstValue(BearerTokenHandler.LoginSessionClaim);
    }
}

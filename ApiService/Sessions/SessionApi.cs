using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.ApiService.Problems;
using Platform.Contracts.Sessions;

namespace Platform.ApiService.Sessions;

/// <summary>
/// <c>/session</c>: the authenticated caller's server-side session, found by identity (no cookie).
/// Values are any JSON; the session's version is the <c>ETag</c>.
/// </summary>
public static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/session").WithTags("Session");
        group.MapGet("", GetSession).WithName("GetSession").WithSummary("All keys and values of the caller's session, with its version");
        group.MapDelete("", ClearSession).WithName("ClearSession").WithSummary("Removes every key of the caller's session");
        group.MapGet("/{key}", GetValue).WithName("GetSessionValue").WithSummary("One key's JSON value");
        group.MapPut("/{key}", PutValue).WithName("PutSessionValue").WithSummary("Stores any JSON value under a key");
        group.MapDelete("/{key}", DeleteValue).WithName("DeleteSessionValue").WithSummary("Removes one key");
        return group;
    }

    public static async Task<FileContentHttpResult> GetSession([AsParameters] SessionCaller caller)
    {
        var snapshot = await caller.Session.GetAll();
        caller.SetVersion(snapshot.Version);
        return TypedResults.Bytes(SessionJson.Snapshot(snapshot), "application/json");
    }

    public static async Task<NoContent> ClearSession([AsParameters] SessionCaller caller)
    {
        var change = await caller.Session.Clear();
        caller.SetVersion(change.Version);
        return TypedResults.NoContent();
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetValue(string key, [AsParameters] SessionCaller caller)
    {
        if (SessionKey.Problem(key) is { } invalid) return invalid;

        var value = await caller.Session.Get(key);
        if (value is null) return SessionKey.NotFound(key);

        caller.SetVersion(value.Version);
        return TypedResults.Bytes(value.Utf8Json, "application/json");
    }

    public static async Task<Results<Ok<SessionWrite>, ProblemHttpResult>> PutValue(
        string key, [AsParameters] SessionCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        if (SessionKey.Problem(key) is { } invalid) return invalid;

        var body = await JsonBody.Read(request, cancellationToken);
        if (body.Problem is { } bad) return bad;

        var change = await caller.Session.Set(key, body.Utf8Json!);
        caller.SetVersion(change.Version);
        return TypedResults.Ok(new SessionWrite(key, change.Version));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteValue(string key, [AsParameters] SessionCaller caller)
    {
        if (SessionKey.Problem(key) is { } invalid) return invalid;

        var change = await caller.Session.Remove(key);
        if (!change.Changed) return SessionKey.NotFound(key);

        caller.SetVersion(change.Version);
        return TypedResults.NoContent();
    }

    /// <summary>The answer to a write: the key and the session's version after it.</summary>
    public sealed record SessionWrite(string Key, long Version);

    /// <summary>The caller's identity and session grain, and where to put the version header.</summary>
    public readonly record struct SessionCaller(ClaimsPrincipal User, IGrainFactory Grains, HttpResponse Response)
    {
        public ISessionGrain Session
        {
            get
            {
                var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)
                    ?? throw new InvalidOperationException("Session endpoints require an authenticated caller.");
                try
                {
                    return Grains.GetGrain<ISessionGrain>(userId);
                }
                catch (ArgumentException exception)
                {
                    // Orleans resolves the grain class from the cluster's manifest, which arrives with the first silo.
                    throw new ClusterUnavailableException("No silo hosting sessions has been reached yet.", exception);
                }
            }
        }

        public void SetVersion(long version) => Response.Headers.ETag = $"\"{version}\"";
    }
}

using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.ApiService.Cluster;
using Platform.ApiService.Requests;
using Platform.Contracts.Sessions;
using Platform.ApiService.OpenApi;

namespace Platform.ApiService.Sessions;

/// <summary>
/// <c>/session</c>: the authenticated caller's server-side session, found by identity (no cookie).
/// Values are any JSON. The session's tag is the <c>ETag</c>; <c>If-Match</c> makes a change
/// conditional (412 when the session moved on), <c>If-None-Match</c> makes a read cheap (304).
/// A response to the first request after the session expired carries <c>Session-Expired</c>.
/// </summary>
public static class SessionApi
{
    public const string MergePatchMediaType = "application/merge-patch+json";

    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/session").WithTags("Session").WithClusterProblems();
        group.MapGet("", GetSession).WithName("GetSession").WithSummary("All keys and values of the caller's session, with its version")
            .Produces<JsonElement>(contentType: "application/json").Produces(StatusCodes.Status304NotModified);
        group.MapDelete("", ClearSession).WithName("ClearSession").WithSummary("Removes every key of the caller's session")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPatch("", PatchSession).WithName("PatchSession").WithSummary("Applies a JSON merge patch (RFC 7396) to the session as one change")
            .AcceptsJson(MergePatchMediaType).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{key}", GetValue).WithName("GetSessionValue").WithSummary("One key's JSON value")
            .Produces<JsonElement>(contentType: "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{key}", PutValue).WithName("PutSessionValue").WithSummary("Stores any JSON value under a key")
            .AcceptsJson().Produces<SessionWrite>().ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{key}", DeleteValue).WithName("DeleteSessionValue").WithSummary("Removes one key")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{key}/increment", IncrementValue).WithName("IncrementSessionValue").WithSummary("Adds to an integer value atomically")
            .Produces<SessionCount>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{key}/compare-and-set", CompareAndSetValue).WithName("CompareAndSetSessionValue")
            .WithSummary("Sets a value only while it holds the expected one")
            .AcceptsJson<CompareAndSet>().Produces<SessionWrite>().ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }

    public static async Task<IResult> GetSession([AsParameters] SessionCaller caller)
    {
        var snapshot = await caller.Session.GetAll();
        caller.Tell(snapshot.Tag, snapshot.Expired);
        return caller.NotModified(snapshot.Tag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(SessionJson.Snapshot(snapshot), "application/json");
    }

    public static async Task<IResult> ClearSession([AsParameters] SessionCaller caller)
    {
        var (ifMatch, invalid) = caller.IfMatch();
        if (invalid is not null) return invalid;
        var change = await caller.Session.Clear(ifMatch);
        return caller.Answer(change, "", _ => TypedResults.NoContent());
    }

    public static async Task<IResult> PatchSession([AsParameters] SessionCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        var (ifMatch, invalid) = caller.IfMatch();
        if (invalid is not null) return invalid;
        var body = await JsonBody.Read(request, caller.Rules.MaxSessionBytes, cancellationToken, MergePatchMediaType, "application/json");
        if (body.Problem is { } bad) return bad;
        if (body.Element.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid merge patch",
                detail: "A session merge patch is a JSON object whose members are session keys.");
        }

        foreach (var member in body.Element.EnumerateObject())
        {
            if (SessionKey.Problem(member.Name, caller.Rules) is { } invalidKey) return invalidKey;
        }

        var change = await caller.Session.MergePatch(body.Utf8Json!, ifMatch);
        return caller.Answer(change, "", _ => TypedResults.NoContent());
    }

    public static async Task<IResult> GetValue(string key, [AsParameters] SessionCaller caller)
    {
        if (SessionKey.Problem(key, caller.Rules) is { } invalid) return invalid;
        var value = await caller.Session.Get(key);
        caller.Tell(value.Tag, value.Expired);
        if (value.Utf8Json is null) return NotFound(key);
        return caller.NotModified(value.Tag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(value.Utf8Json, "application/json");
    }

    public static async Task<IResult> PutValue(string key, [AsParameters] SessionCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        if (SessionKey.Problem(key, caller.Rules) is { } invalid) return invalid;
        var (ifMatch, invalidTag) = caller.IfMatch();
        if (invalidTag is not null) return invalidTag;
        var body = await JsonBody.Read(request, caller.Rules.MaxSessionBytes, cancellationToken);
        if (body.Problem is { } bad) return bad;
        var change = await caller.Session.Set(key, body.Utf8Json!, ifMatch);
        return caller.Answer(change, key, tag => TypedResults.Ok(new SessionWrite(key, tag.Version)));
    }

    public static async Task<IResult> DeleteValue(string key, [AsParameters] SessionCaller caller)
    {
        if (SessionKey.Problem(key, caller.Rules) is { } invalid) return invalid;
        var (ifMatch, invalidTag) = caller.IfMatch();
        if (invalidTag is not null) return invalidTag;
        var change = await caller.Session.Remove(key, ifMatch);
        return caller.Answer(change, key, _ => TypedResults.NoContent());
    }

    public static async Task<IResult> IncrementValue(string key, [AsParameters] SessionCaller caller, long? by)
    {
        if (SessionKey.Problem(key, caller.Rules) is { } invalid) return invalid;
        var change = await caller.Session.Increment(key, by ?? 1);
        return caller.Answer(change, key, tag => TypedResults.Ok(new SessionCount(key, long.Parse(change.Utf8Json!), tag.Version)));
    }

    public static async Task<IResult> CompareAndSetValue(string key, [AsParameters] SessionCaller caller, HttpRequest request, CancellationToken cancellationToken)
    {
        if (SessionKey.Problem(key, caller.Rules) is { } invalid) return invalid;
        var body = await JsonBody.Read(request, caller.Rules.MaxSessionBytes, cancellationToken);
        if (body.Problem is { } bad) return bad;
        if (body.Element.ValueKind != JsonValueKind.Object || !body.Element.TryGetProperty("value", out var value))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid compare-and-set",
                detail: """Send {"expected": <current JSON value>, "value": <new JSON value>}; leave out "expected" to set the key only while it is absent.""");
        }

        var expected = body.Element.TryGetProperty("expected", out var current) ? JsonSerializer.SerializeToUtf8Bytes(current) : null;
        var change = await caller.Session.CompareAndSet(key, expected, JsonSerializer.SerializeToUtf8Bytes(value));
        return caller.Answer(change, key, tag => TypedResults.Ok(new SessionWrite(key, tag.Version)));
    }

    private static ProblemHttpResult NotFound(string key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Session key not found", detail: $"The session has no key '{key}'.");

    /// <summary>The body of a compare-and-set: leave out <c>expected</c> to set the key only while it is absent.</summary>
    public sealed record CompareAndSet(JsonElement? Expected, JsonElement Value);

    /// <summary>The answer to a write: the key and the session's version after it.</summary>
    public sealed record SessionWrite(string Key, long Version);

    /// <summary>The answer to an increment: the new value.</summary>
    public sealed record SessionCount(string Key, long Value, long Version);

    /// <summary>The caller's identity and session grain, the request's conditions, and the response headers.</summary>
    public readonly record struct SessionCaller(ClaimsPrincipal User, IGrainFactory Grains, HttpContext Context, IOptions<SessionInputOptions> Options)
    {
        public SessionInputOptions Rules => Options.Value;

        public ISessionGrain Session => Grains.Get<ISessionGrain>(
            User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Session endpoints require an authenticated caller."));

        /// <summary>The <c>If-Match</c> tag (null: no condition, or <c>*</c>), or the problem with it.</summary>
        public (SessionTag? Tag, ProblemHttpResult? Problem) IfMatch() =>
            IfMatchHeader.Read<SessionTag>(Context.Request, SessionTag.TryParse, new SessionTag(0, 0).ToString());

        public bool NotModified(SessionTag current)
        {
            var header = Context.Request.Headers.IfNoneMatch.ToString();
            return header.Length > 0 && (header.Trim() == "*" && current.Epoch != 0
                || header.Split(',').Any(candidate => SessionTag.TryParse(candidate, out var tag) && tag == current));
        }

        /// <summary>Sets <c>ETag</c>, and <c>Session-Expired</c> when the caller's previous session expired.</summary>
        public void Tell(SessionTag tag, SessionExpiry? expired)
        {
            Context.Response.Headers.ETag = tag.ToString();
            if (expired is not null)
            {
                Context.Response.Headers["Session-Expired"] = SessionJson.Describe(expired);
            }
        }

        public IResult Answer(SessionChange change, string key, Func<SessionTag, IResult> applied)
        {
            Tell(change.Tag, change.Expired);
            return change.Outcome switch
            {
                SessionOutcome.Applied or SessionOutcome.Unchanged => applied(change.Tag),
                SessionOutcome.NotFound => NotFound(key),
                SessionOutcome.VersionMismatch => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
                    title: "Precondition failed", detail: $"The session changed since the ETag you sent; it is now {change.Tag}."),
                SessionOutcome.ValueMismatch => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
                    title: "Precondition failed", detail: change.Utf8Json is null
                        ? $"The session has no key '{key}', so it does not hold the expected value."
                        : $"The value of '{key}' is not the expected one; it is {Encoding.UTF8.GetString(change.Utf8Json)}."),
                SessionOutcome.NotAnInteger => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "Not an integer", detail: $"The value of '{key}' is not an integer, or the increment would overflow."),
                SessionOutcome.ValueTooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Value too large", detail: "The value is larger than a session value may be."),
                SessionOutcome.SessionTooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Session too large", detail: "With this change the session would be larger than a session may be."),
                SessionOutcome.InvalidPatch => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid merge patch", detail: "A session merge patch is a JSON object whose members are session keys."),
                _ => throw new InvalidOperationException($"Unknown outcome {change.Outcome}."),
            };
        }
    }
}
